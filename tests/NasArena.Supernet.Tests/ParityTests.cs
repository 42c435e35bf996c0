using System.Text.Json;
using NasArena.Supernet.Checkpoints;
using NasArena.Supernet.Data;
using NasArena.Supernet.Evaluation;
using NasArena.Supernet.Spaces;
using NasArena.Supernet.Tests.Infrastructure;
using TorchSharp;

namespace NasArena.Supernet.Tests;

/// <summary>The platform's evaluation equals the starter kit's PyTorch evaluation: same data, same calibration batches.</summary>
[Collection(DemoCollection.Name)]
public class ParityTests(DemoFixture demo)
{
    const int BatchSize = 128;

    [Theory]
    [InlineData("supernet.safetensors", 0)]
    [InlineData("supernet.pt", 3)]
    public void AccuracyAndLossEqualPyTorchs(string checkpoint, int calibrationBatches)
    {
        var python = JsonSerializer.Deserialize<Dictionary<string, PythonResult>>(Python.Run(
        [
            Repo.PathTo("starter-kits", "supernet", "evaluate.py"), "--space", "demo", "--checkpoint", demo.File(checkpoint),
            "--eval-data", demo.File("eval.zip"), "--calibration-data", demo.File("calib.zip"),
            "--calibration-batches", calibrationBatches.ToString(), "--batch-size", BatchSize.ToString(), "--threads", "2",
            .. DemoFixture.Architectures,
        ], workingDirectory: Repo.PathTo("starter-kits", "supernet")))!;

        TorchRuntime.Configure(2);
        var space = SearchSpaces.Demo;
        using var weights = CheckpointLoader.Load(demo.File(checkpoint), space, 1L << 30);
        using var evaluator = new SubnetEvaluator(space, weights,
            LabelledData.Load(demo.File("eval.zip"), "eval-data", space), LabelledData.Load(demo.File("calib.zip"), "calibration-data", space),
            calibrationBatches, BatchSize, torch.CPU);
        var accuracies = new HashSet<double>();
        foreach (var arch in DemoFixture.Architectures)
        {
            var ours = evaluator.Evaluate(space.Parse(arch));
            var theirs = python[arch];
            Assert.Equal(theirs.Accuracy, ours.Accuracy, 12);
            Assert.True(Math.Abs(theirs.Loss - ours.Loss) <= 1e-5 * Math.Max(1, theirs.Loss), $"{arch}: loss {ours.Loss} vs PyTorch {theirs.Loss}");
            accuracies.Add(ours.Accuracy);
        }
        Assert.True(accuracies.Count > 2, "subnets should differ; the fixture's supernet looks untrained");
    }

    sealed record PythonResult([property: System.Text.Json.Serialization.JsonPropertyName("accuracy")] double Accuracy, [property: System.Text.Json.Serialization.JsonPropertyName("loss")] double Loss);
}
