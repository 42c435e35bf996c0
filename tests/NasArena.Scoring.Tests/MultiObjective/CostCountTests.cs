using System.Text.Json;
using NasArena.MultiObjective.Spaces;
using NasArena.Scoring.Tests.Support;

namespace NasArena.Scoring.Tests.MultiObjective;

/// <summary>
/// Parameters and FLOPs counted from a space's definition equal a PyTorch count of the stand-alone network built in the
/// test (from the starter kit's space table, the layers as docs/supernet.md describes them): parameters by numel of
/// every trainable tensor, FLOPs by thop-style forward hooks written here (2 x output elements x input channels x kernel
/// area per convolution, 2 x in x out per linear layer), one image. Counts are integers: equal exactly.
/// </summary>
[Trait("Category", "Unit")]
public sealed class CostCountTests
{
    const string Reference = """
import json, sys
import torch, torch.nn as nn, torch.nn.functional as F
sys.path.insert(0, sys.argv[1])
from supernet import SPACES, parse_arch

class Block(nn.Module):
    def __init__(self, cin, mid, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, mid, 3, stride, 1, bias=False); self.bn1 = nn.BatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, cout, 3, 1, 1, bias=False); self.bn2 = nn.BatchNorm2d(cout)
        self.sc = nn.Conv2d(cin, cout, 1, stride, 0, bias=False); self.scbn = nn.BatchNorm2d(cout)
    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))) + self.scbn(self.sc(x)))

class Net(nn.Module):
    def __init__(self, space, w):
        super().__init__()
        s = SPACES[space]
        self.stem = nn.Conv2d(s["input_shape"][0], w[0], 3, 1, 1, bias=False); self.bn = nn.BatchNorm2d(w[0])
        self.blocks = nn.Sequential(*[Block(w[i], w[m], w[o], st) for i, m, o, st in s["blocks"]])
        self.fc = nn.Linear(w[s["blocks"][-1][2]], s["classes"])
    def forward(self, x):
        return self.fc(self.blocks(F.relu(self.bn(self.stem(x)))).mean((2, 3)))

flops = [0]
def conv_hook(m, i, o): flops[0] += 2 * o.numel() * (m.in_channels // m.groups) * m.kernel_size[0] * m.kernel_size[1]
def linear_hook(m, i, o): flops[0] += 2 * o.numel() * m.in_features

out = []
for space, arch in json.load(open(sys.argv[2])):
    net = Net(space, parse_arch(space, arch)).eval()
    for m in net.modules():
        if isinstance(m, nn.Conv2d): m.register_forward_hook(conv_hook)
        if isinstance(m, nn.Linear): m.register_forward_hook(linear_hook)
    flops[0] = 0
    with torch.no_grad():
        net(torch.zeros(1, *SPACES[space]["input_shape"]))
    out.append([sum(p.numel() for p in net.parameters() if p.requires_grad), flops[0]])
print(json.dumps(out))
""";

    [Fact]
    public void ParametersAndFlopsEqualAPyTorchCountOfTheStandAloneNetwork()
    {
        var random = new Random(77);
        var archs = new List<(ResNetSpace Space, string Arch)>();
        foreach (var space in ResNetSpace.All)
        {
            archs.Add((space, string.Join("-", space.Choices.Select(c => c.Min()))));
            archs.Add((space, string.Join("-", space.Choices.Select(c => c.Max()))));
            for (int k = 0; k < 6; k++) archs.Add((space, string.Join("-", space.Choices.Select(c => c[random.Next(c.Count)]))));
        }
        var input = Path.GetTempFileName();
        File.WriteAllText(input, JsonSerializer.Serialize(archs.Select(a => new[] { a.Space.Name, a.Arch })));
        using var expected = JsonDocument.Parse(Python.RunScript(Reference, Repo.PathTo("starter-kits", "supernet"), input));
        File.Delete(input);

        var counts = expected.RootElement.EnumerateArray().Select(e => (Params: e[0].GetInt64(), Flops: e[1].GetInt64())).ToList();
        Assert.Equal(archs.Count, counts.Count);
        for (int i = 0; i < archs.Count; i++)
        {
            var (space, arch) = archs[i];
            Assert.True(space.TryParse(arch, out var widths, out var fault), fault);
            Assert.True(counts[i].Params == space.Parameters(widths), $"{space.Name} {arch}: parameters {space.Parameters(widths)}, PyTorch {counts[i].Params}");
            Assert.True(counts[i].Flops == space.Flops(widths), $"{space.Name} {arch}: FLOPs {space.Flops(widths)}, PyTorch {counts[i].Flops}");
        }
    }

    [Theory]
    [InlineData("4-4-4-8-8-16", "has 6 numbers; the demo space expects 7")]
    [InlineData("4-4-4-8-8-16-33", "position 7 is '33', not one of the allowed {16, 24, 32}")]
    [InlineData("4-4-4-8-8-16- 16", "position 7 is ' 16'")]
    [InlineData("4-4-+4-8-8-16-16", "position 3 is '+4'")]
    public void AnArchitectureOutsideTheSpaceIsRefusedNamingThePosition(string arch, string expected)
    {
        Assert.False(ResNetSpace.Demo.TryParse(arch, out _, out var fault));
        Assert.Contains(expected, fault);
    }
}
