using System.Text.Json;
using NasArena.Scoring.Contract;

namespace NasArena.Scoring.Tests.Contract;

/// <summary>The operator's ceilings on organizer-set sandbox values (ADR 0033): what passes, and how a refusal reads.</summary>
[Trait("Category", "Unit")]
public sealed class SandboxCeilingsTests
{
    private static readonly SandboxCeilings Ceilings = new(16L << 30, 7200, 600, 4L << 30, 1024, 16, 8, 2, ["img:1"], ["/usr/bin/python3"]);

    private static List<string> Problems(string json) => Ceilings.Problems(JsonDocument.Parse(json).RootElement).ToList();

    [Fact]
    public void ValuesAtOrBelowTheCeilingsAndKeysWithoutOnePass()
    {
        Assert.Empty(Problems("""
            {"memoryLimitBytes": 17179869184, "timeLimitSeconds": 7200, "predictionGraceSeconds": 0, "outputLimitBytes": 4096,
             "maxProcesses": 1024, "cpuThreads": 16, "cpuCores": 0.5, "dockerGpus": "device=0,1", "dockerImage": "img:1",
             "pythonPath": "/usr/bin/python3", "hideLogs": true, "maxLogBytes": 99999999999}
            """));
        Assert.Empty(Problems("""{"dockerGpus": ""}"""));
        Assert.Empty(Problems("""{"dockerGpus": "2"}"""));
    }

    [Theory]
    [InlineData("""{"dockerGpus": "3"}""")]
    [InlineData("""{"dockerGpus": "device=0,1,2"}""")]
    [InlineData("""{"dockerGpus": "all"}""")]
    [InlineData("""{"dockerGpus": "device="}""")]
    [InlineData("""{"dockerGpus": 1}""")]
    public void GpusBeyondTheCeilingOrAllOrNotAStringAreRefused(string json) =>
        Assert.Contains("the platform allows at most 2 GPUs per run (Sandbox:MaxDockerGpus)", Assert.Single(Problems(json)));

    [Fact]
    public void EachRefusalNamesTheKeyTheValueAndTheCeiling()
    {
        Assert.Equal("Track setting 'cpuThreads' is 17; the platform's ceiling is 16 (Sandbox:MaxCpuThreads).", Assert.Single(Problems("""{"cpuThreads": 17}""")));
        Assert.Equal("Track setting 'predictionGraceSeconds' is \"60\"; expected a number.", Assert.Single(Problems("""{"predictionGraceSeconds": "60"}""")));
        Assert.Contains("must be above 0", Assert.Single(Problems("""{"cpuCores": -1}""")));
        var none = Ceilings with { DockerImages = [] };
        Assert.Equal("Track setting 'dockerImage' is \"img:1\"; the platform allows none (Sandbox:DockerImages is empty).",
            Assert.Single(none.Problems(JsonDocument.Parse("""{"dockerImage": "img:1"}""").RootElement)));
    }
}
