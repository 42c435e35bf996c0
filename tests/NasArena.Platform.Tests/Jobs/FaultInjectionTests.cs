using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// The smaller fault-injection run (scripts/fault-injection.sh --small --kills 2) as a child process: its own PostgreSQL
/// and S3 server, the web and two workers as separate processes of this build, killed and starved on purpose. Asserts
/// counts, never times (the times are figures for the issue note).
/// </summary>
[Trait("Category", "Integration")]
public sealed partial class FaultInjectionTests
{
    [Fact]
    public async Task NoSubmissionIsLostScoredTwiceStuckOrFailedByThePlatformAndNothingIsLeftBehindUnderFaults()
    {
        // The configuration this test was built in (scripts/test.sh builds the solution in Release): the run starts the
        // web and worker of the same build.
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(TestServers.RepoRoot, "tests", "FaultInjection", "bin", configuration, "net10.0", "FaultInjection.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: scripts/test.sh builds the solution first.");
        await using var run = ChildProcess.Start(TestServers.RepoRoot,
            $"dotnet '{dll}' --small --kills 2 --configuration {configuration} '{TestServers.RepoRoot}'", new Dictionary<string, string?>());
        var exit = await run.WaitForExitAsync("the smaller fault-injection run", TimeSpan.FromMinutes(40));
        Assert.True(exit == 0, run.Output);
        var lines = run.Output.Split('\n').Where(l => Experiment().IsMatch(l)).ToList();
        Assert.Equal(["burst", "worker_kills", "web_kills", "postgres_restart", "storage_outage"], lines.Select(l => l.Split(':')[0]));
        foreach (var line in lines)
        {
            foreach (var count in new[] { "lost", "double", "stuck", "platform_failed", "leftover_files" })
            {
                Assert.True(line.Contains($" {count}=0"), $"{count} is not 0: {line}\n{run.Output}");
            }
        }
        Assert.Contains(" requeues=0 ", lines[0]);
        // While storage was down, every upload was told so (503 with Retry-After), none failed with a 500.
        Assert.Matches(@"uploads_during=503\+retry-afterx\d+$", lines[4].Split('\n')[0]);
    }

    [GeneratedRegex(@"^[a-z_]+: accepted=")]
    private static partial Regex Experiment();
}
