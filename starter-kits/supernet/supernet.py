"""Weight-sharing supernets of the platform's built-in search spaces, in PyTorch.

The state_dict layout and the slicing rules are exactly what the platform loads and applies
(docs/supernet.md): every conv of a subnet takes the FIRST c_out filters and the FIRST c_in input
channels of the supernet's conv; batch norm and the classifier are sliced alike; every block has a
1x1 conv + BN projection shortcut (also when widths match), as the public CVPR 2021 solutions do.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F

BN_EPS = 1e-5


def _steps(step, top):
    return list(range(step, top + 1, step))


# name -> input shape (C, H, W), classes, channel choices per position, blocks (in, mid, out position, stride)
SPACES = {
    "cvpr21-resnet20": dict(
        input_shape=(3, 32, 32), classes=100,
        choices=[_steps(4, 16)] * 7 + [_steps(4, 32)] * 6 + [_steps(4, 64)] * 7,
        blocks=[(2 * k, 2 * k + 1, 2 * k + 2, 2 if k in (3, 6) else 1) for k in range(9)]),
    "demo": dict(
        input_shape=(1, 28, 28), classes=10,
        choices=[[4, 8], [4, 8], [4, 8], [8, 12, 16], [8, 12, 16], [16, 24, 32], [16, 24, 32]],
        blocks=[(0, 1, 2, 1), (2, 3, 4, 2), (4, 5, 6, 2)]),
}


def parse_arch(space, text):
    """'16-8-...' -> list of widths, checked against the space (positions are 1-based in messages)."""
    spec = SPACES[space]
    parts = text.split("-")
    if len(parts) != len(spec["choices"]):
        raise ValueError(f"'{text}' has {len(parts)} numbers; {space} expects {len(spec['choices'])}")
    widths = []
    for i, (p, allowed) in enumerate(zip(parts, spec["choices"])):
        if not p.isdigit() or int(p) not in allowed:
            raise ValueError(f"'{text}': position {i + 1} is '{p}', not one of {allowed}")
        widths.append(int(p))
    return widths


def sample_arch(space, generator=None):
    spec = SPACES[space]
    idx = [torch.randint(len(c), (1,), generator=generator).item() for c in spec["choices"]]
    return [c[i] for c, i in zip(spec["choices"], idx)]


def largest_arch(space):
    return [max(c) for c in SPACES[space]["choices"]]


class ConvBn(nn.Module):
    def __init__(self, cin, cout, k):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, padding=k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout, eps=BN_EPS)


class Block(nn.Module):
    def __init__(self, cin, mid, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, mid, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(mid, eps=BN_EPS)
        self.conv2 = nn.Conv2d(mid, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout, eps=BN_EPS)
        self.shortcut = ConvBn(cin, cout, 1)


class SuperNet(nn.Module):
    """The largest network's parameters; forward(x, widths) runs the subnet `widths` cut out of them."""

    def __init__(self, space):
        super().__init__()
        self.space = space
        spec = SPACES[space]
        top = [max(c) for c in spec["choices"]]
        self.blocks_spec = spec["blocks"]
        self.stem = ConvBn(spec["input_shape"][0], top[0], 3)
        self.blocks = nn.ModuleList(Block(top[i], top[m], top[o]) for i, m, o, _ in spec["blocks"])
        self.fc = nn.Linear(top[spec["blocks"][-1][2]], spec["classes"])
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")

    def subnet_bn_stats(self, widths, reset):
        """Running statistics for a subnet: fresh (mean 0, var 1) to recalibrate, or copies of the stored ones."""
        stats = {}
        for name, m in self.named_modules():
            if isinstance(m, nn.BatchNorm2d):
                c = self._bn_width(name, widths)
                stats[name] = (torch.zeros(c), torch.ones(c)) if reset else \
                    (m.running_mean[:c].clone(), m.running_var[:c].clone())
        return stats

    def _bn_width(self, name, widths):
        if name.startswith("stem"):
            return widths[0]
        k = int(name.split(".")[1])
        i, m, o, _ = self.blocks_spec[k]
        return widths[m] if name.endswith("bn1") else widths[o]

    def forward(self, x, widths, stats=None, momentum=None):
        """stats=None: train mode on the supernet's own (sliced) running stats, as during supernet training.
        stats=dict and momentum=None: inference with those statistics.
        stats=dict and momentum=f: batch statistics, folded into `stats` with factor f (calibration)."""
        def bn(t, module, name, c):
            w, b = module.weight[:c], module.bias[:c]
            if stats is None:
                return F.batch_norm(t, module.running_mean[:c], module.running_var[:c], w, b,
                                    self.training, module.momentum, BN_EPS)
            mean, var = stats[name]
            return F.batch_norm(t, mean, var, w, b, momentum is not None, momentum or 0.0, BN_EPS)

        def conv(t, weight, cout, cin, stride, padding):
            return F.conv2d(t, weight[:cout, :cin], None, stride, padding)

        c0 = widths[0]
        h = F.relu(bn(conv(x, self.stem.conv.weight, c0, x.shape[1], 1, 1), self.stem.bn, "stem.bn", c0))
        for k, (blk, (i, m, o, s)) in enumerate(zip(self.blocks, self.blocks_spec)):
            cin, mid, cout = widths[i], widths[m], widths[o]
            y = F.relu(bn(conv(h, blk.conv1.weight, mid, cin, s, 1), blk.bn1, f"blocks.{k}.bn1", mid))
            y = bn(conv(y, blk.conv2.weight, cout, mid, 1, 1), blk.bn2, f"blocks.{k}.bn2", cout)
            r = bn(conv(h, blk.shortcut.conv.weight, cout, cin, s, 0), blk.shortcut.bn, f"blocks.{k}.shortcut.bn", cout)
            h = F.relu(y + r)
        c = widths[self.blocks_spec[-1][2]]
        return F.linear(h.mean((2, 3)), self.fc.weight[:, :c], self.fc.bias)


@torch.no_grad()
def evaluate_subnet(net, widths, eval_batches, calib_batches):
    """Top-1 accuracy and mean cross-entropy loss, as the platform computes them.
    calib_batches: list of input tensors; empty = use the stored BN statistics."""
    net.eval()
    stats = net.subnet_bn_stats(widths, reset=len(calib_batches) > 0)
    for b, x in enumerate(calib_batches):
        net(x, widths, stats, momentum=1.0 / (b + 1))  # cumulative average, as momentum=None in nn.BatchNorm
    correct, loss_sum, n = 0, 0.0, 0
    for x, y in eval_batches:
        logits = net(x, widths, stats)
        loss_sum += F.cross_entropy(logits, y, reduction="sum").item()
        correct += (logits.argmax(1) == y).sum().item()
        n += len(y)
    return correct / n, loss_sum / n
