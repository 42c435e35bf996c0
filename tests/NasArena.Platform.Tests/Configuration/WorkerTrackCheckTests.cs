using NasArena.Platform.Tests.Infrastructure;
using NasArena.UnseenData.Sandbox;

namespace NasArena.Platform.Tests.Configuration;

/// <summary>
/// A worker checks at start that it can run every track kind of the queues it serves (TrackCatalog's queue per kind):
/// one that cannot refuses to start (exit 2), naming the queue, the kind and what is missing.
/// </summary>
[Trait("Category", "Integration")]
public sealed class WorkerTrackCheckTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("nasarena-trackcheck").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> Environment(string queue) => new()
    {
        ["Database__Provider"] = "Sqlite",
        ["Database__ConnectionString"] = $"Data Source={Path.Combine(_dir, "nasarena.db")}",
        ["Jobs__SqliteStorage"] = Path.Combine(_dir, "hangfire.db"),
        ["Storage__Kind"] = "disk",
        ["Storage__DiskRoot"] = Path.Combine(_dir, "objects"),
        ["Storage__ScratchDir"] = Path.Combine(_dir, "scratch"),
        ["Worker__Queues__0"] = queue,
        ["NASARENA_SECRETS_DIR"] = Path.Combine(_dir, "no-secrets"),
    };

    [Fact]
    public async Task AWorkerWithoutTheSupernetLibraryRefusesToServeTheGpuQueueNamingWhatIsMissing()
    {
        var worker = WorkerChecks.WorkerWithout("NasArena.Supernet", _dir);
        await using var process = ChildProcess.Start(_dir, $"exec dotnet \"{worker}\"", Environment("gpu"));
        var exit = await process.WaitForExitAsync("a gpu worker without the supernet library", TimeSpan.FromMinutes(2));
        Assert.True(exit == 2, $"exit {exit}, expected 2. Output:\n{process.Output}");
        Assert.Contains("The NasArena worker did not start: it cannot run every track kind of the queues it serves", process.Output);
        Assert.Contains("queue 'gpu': track kind Supernet is scored by the NasArena.Supernet library, which this process does not ship.", process.Output);
        Assert.DoesNotContain("   at ", process.Output);
    }

    [Fact]
    public async Task TheSameWorkerServingOnlyTheCpuQueuePassesTheCheck()
    {
        var worker = WorkerChecks.WorkerWithout("NasArena.Supernet", _dir);
        await using var process = ChildProcess.Start(_dir, $"exec dotnet \"{worker}\"", Environment("cpu"));
        // Past the check it stops at the next one: the database was never migrated.
        var exit = await process.WaitForExitAsync("a cpu worker without the supernet library", TimeSpan.FromMinutes(2));
        Assert.True(exit == 1, $"exit {exit}, expected 1 (unmigrated database). Output:\n{process.Output}");
        Assert.Contains("run the migrate step first", process.Output);
        Assert.DoesNotContain("track kind", process.Output);
    }

    [Fact]
    public void TheSandboxCheckNamesAPythonThatIsNotThere()
    {
        var missing = SandboxPrerequisites.MissingForBubblewrap("/nonexistent/python3");
        Assert.Contains(missing, m => m.StartsWith("/nonexistent/python3 is missing: install python3 with numpy, torch, torchvision, sklearn", StringComparison.Ordinal));
    }

    [Fact]
    public void ThisMachineHasEverythingTheUnseenDataSandboxNeeds()
    {
        // scripts/install-test-deps.sh installs what a worker image has: bubblewrap, python3 with the kit's modules.
        Assert.Empty(SandboxPrerequisites.MissingForBubblewrap("/usr/bin/python3"));
    }
}
