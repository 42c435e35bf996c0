using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Domain;
using NasArena.Platform.Tests.Configuration;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.UnseenData;
using NasArena.Web.Hosting;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Issue 13, graceful shutdown, with real processes: the web (mode web, no worker in it) and worker processes of this
/// build on PostgreSQL and S3, an unseen-data package that sleeps in its search so that it is mid-run in its bubblewrap
/// sandbox when its worker gets SIGTERM. Asserts states (exit, status, attempts, what is left in /proc), never times:
/// the liveness settings are the defaults (2 min heartbeat timeout, 15 min requeue), so a submission scored by a
/// second worker within the test was requeued by the stopping one, not by the watchdog.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GracefulShutdownTests
{
    /// <summary>Sleeps in each data set's search, then hands back the baseline's linear model.</summary>
    private const string SleepingNas = """
        import math
        import time

        from torch import nn


        class NAS:
            def __init__(self, train_loader, valid_loader, metadata):
                self.metadata = metadata

            def search(self):
                time.sleep(12)
                return nn.Sequential(nn.Flatten(), nn.Linear(math.prod(self.metadata["input_shape"][1:]), self.metadata["num_classes"]))
        """;

    [Theory]
    [InlineData("Cancel", "00:00:10")]
    // A drain shorter than the run: the worker waits 1 s, then cancels and requeues like Cancel.
    [InlineData("Drain", "00:00:01")]
    public async Task AStoppedWorkerKillsItsSandboxRequeuesTheSubmissionAtOnceAndAnotherWorkerScoresIt(string mode, string drain)
    {
        await using var platform = await Platform.StartAsync();
        var id = await platform.SubmitSleepingPackageAsync();
        await using var first = platform.StartWorker("first", new() { ["Worker:Shutdown"] = mode, ["Worker:DrainTimeout"] = drain });
        var sandbox = await WaitForSandboxAsync(first, id, platform);

        Signal(first.Id, "TERM");
        Assert.True(await first.WaitForExitAsync("the worker told to stop", TimeSpan.FromMinutes(3)) == 0, first.Output);

        // The package runs one shard per data set (the submission lives through its shards while they are out): the
        // shard that was running is back in the queue, its attempt given back (a shutdown is nobody's fault), and its
        // job enqueued again, not left to the watchdog.
        var row = await platform.Host.DbAsync(db => db.Submissions.AsNoTracking().SingleAsync(s => s.Id == id));
        Assert.True(row.Status == SubmissionStatus.Running, $"{row.Status}: {row.FailureReason}\n{first.Output}");
        Assert.True(row.CountsAgainstQuota);
        var shards = await platform.Host.DbAsync(db => db.Shards.AsNoTracking().Where(s => s.SubmissionId == id).ToListAsync());
        Assert.Contains(shards, s => s.Status == ShardStatus.Queued);
        foreach (var shard in shards.Where(s => s.Status != ShardStatus.Done))
        {
            Assert.True(shard.Status == ShardStatus.Queued, $"shard {shard.ShardIndex} is {shard.Status}\n{first.Output}");
            Assert.Equal(0, shard.Attempts);
            Assert.NotNull(shard.QueuedAt);
        }
        Assert.Empty(await StillAliveAsync(sandbox));
        Assert.Contains("handed back to the queue", first.Output);

        await using var second = platform.StartWorker("second", []);
        var final = await platform.Participant.WaitForFinalAsync(id, TimeSpan.FromMinutes(6));
        Assert.True(final["status"]!.GetValue<string>() == "Scored", final.ToJsonString() + "\n" + second.Output);
        // One claim of the submission: the stop did not cost it an attempt of its own either.
        Assert.Equal(1, await platform.Host.DbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Attempts).SingleAsync()));
    }

    [Fact]
    public async Task ADrainingWorkerFetchesNothingMoreFinishesTheRunningSubmissionAndThenExits()
    {
        await using var platform = await Platform.StartAsync();
        var running = await platform.SubmitSleepingPackageAsync();
        await using var worker = platform.StartWorker("draining", new()
        {
            ["Worker:Shutdown"] = "Drain",
            ["Worker:DrainTimeout"] = "00:05:00",
            ["Worker:ShutdownTimeout"] = "00:06:00",
            ["Worker:Count"] = "1",
        });
        var sandbox = await WaitForSandboxAsync(worker, running, platform);
        // Waiting behind the running one (one job at a time): a stopping worker must not take it.
        var waiting = await platform.SubmitSleepingPackageAsync();

        Signal(worker.Id, "TERM");
        Assert.True(await worker.WaitForExitAsync("the draining worker", TimeSpan.FromMinutes(7)) == 0, worker.Output);

        var rows = await platform.Host.DbAsync(db => db.Submissions.AsNoTracking().Where(s => s.Id == running || s.Id == waiting).ToListAsync());
        var done = rows.Single(r => r.Id == running);
        Assert.True(done.Status == SubmissionStatus.Scored, $"{done.Status}: {done.FailureReason}\n{worker.Output}");
        Assert.Equal(1, done.Attempts);
        var untouched = rows.Single(r => r.Id == waiting);
        Assert.Equal(SubmissionStatus.Queued, untouched.Status);
        Assert.Equal(0, untouched.Attempts);
        Assert.Empty(await StillAliveAsync(sandbox));
    }

    /// <summary>
    /// Waits until the submission runs in a sandbox under the worker (python running the harness), and returns every
    /// process below the worker then, each with its start time (a pid reused later is another process).
    /// </summary>
    private static async Task<IReadOnlyList<(int Pid, string Start)>> WaitForSandboxAsync(ChildProcess worker, Guid id, Platform platform)
    {
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            var below = Descendants(worker.Id);
            if (below.Any(p => CommandLine(p.Pid).Contains("/harness/main.py")))
            {
                var status = await platform.Host.DbAsync(db => db.Submissions.Where(s => s.Id == id).Select(s => s.Status).SingleAsync());
                Assert.Equal(SubmissionStatus.Running, status);
                return below;
            }
            Assert.False(worker.HasExited, "The worker ended before it ran the package:\n" + worker.Output);
            Assert.True(DateTime.UtcNow < deadline, "No sandbox ran under the worker within 5 minutes:\n" + worker.Output);
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// The processes of <paramref name="processes"/> still alive (zombies count as gone). A killed sandbox's processes
    /// die as the kernel tears down its pid namespace, a moment after its launcher: they get up to 30 s to be gone.
    /// </summary>
    private static async Task<IReadOnlyList<string>> StillAliveAsync(IReadOnlyList<(int Pid, string Start)> processes)
    {
        IReadOnlyList<string> Alive() => processes.Where(p => Stat(p.Pid) is { } stat && stat.Start == p.Start && stat.State is not ("Z" or "X"))
            .Select(p => $"{p.Pid} {CommandLine(p.Pid)}").ToList();
        for (var i = 0; i < 150 && Alive().Count > 0; i++)
        {
            await Task.Delay(200);
        }
        return Alive();
    }

    /// <summary>The processes whose chain of parents leads to <paramref name="root"/>, from /proc.</summary>
    private static IReadOnlyList<(int Pid, string Start)> Descendants(int root)
    {
        var all = Directory.GetDirectories("/proc").Select(d => int.TryParse(Path.GetFileName(d), out var pid) ? pid : 0).Where(p => p > 0)
            .Select(p => (Pid: p, Stat: Stat(p))).Where(p => p.Stat is not null).ToDictionary(p => p.Pid, p => p.Stat!.Value);
        var found = new List<(int, string)>();
        var frontier = new Queue<int>([root]);
        while (frontier.TryDequeue(out var parent))
        {
            foreach (var (pid, stat) in all.Where(p => p.Value.Parent == parent))
            {
                found.Add((pid, stat.Start));
                frontier.Enqueue(pid);
            }
        }
        return found;
    }

    /// <summary>State, parent and start time (fields 3, 4 and 22 of /proc/PID/stat), or null when the process is gone.</summary>
    private static (string State, int Parent, string Start)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The command name (field 2) is in parentheses and may hold spaces: the fields after it are counted from its end.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0], int.Parse(fields[1]), fields[19]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString()])!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }

    /// <summary>The web process (mode web: it scores nothing) on a fresh PostgreSQL database and S3 bucket, migrated first.</summary>
    private sealed class Platform : IAsyncDisposable
    {
        public required PlatformHost Host { get; init; }
        public required Dictionary<string, string?> Shared { get; init; }
        public required UnseenDataScenario Scenario { get; init; }
        public required string Dir { get; init; }

        public ApiClient Participant => Scenario.Participant;

        public static async Task<Platform> StartAsync()
        {
            var dir = Directory.CreateTempSubdirectory("nasarena-shutdown").FullName;
            var shared = await StackSettings.PostgresS3Async();
            await NasArenaApp.MigrateAsync(StackSettings.AsArguments(shared));
            var host = await PlatformHost.StartAsync(Stack.PostgresS3, new Dictionary<string, string?>(shared) { ["NasArena:Mode"] = "web" });
            var scenario = await UnseenDataScenario.CreateAsync(host, timeLimitSeconds: 120, workerLater: true);
            return new Platform { Host = host, Shared = shared, Scenario = scenario, Dir = dir };
        }

        public async Task<Guid> SubmitSleepingPackageAsync()
        {
            var zip = Path.Combine(Dir, $"sleeping-{Guid.NewGuid():N}.zip");
            UnseenDataScenario.WritePackage(zip, "baseline", new Dictionary<string, string> { ["nas.py"] = SleepingNas });
            var accepted = await ApiClient.ExpectAsync(await Participant.SubmitAsync(Scenario.PhaseId, "sleeping.zip", await File.ReadAllBytesAsync(zip)),
                HttpStatusCode.Accepted);
            return Guid.Parse(accepted["id"]!.GetValue<string>());
        }

        /// <summary>`exec dotnet NasArena.Worker.dll` (so its pid is the worker's) serving the gpu queue, where packages go.</summary>
        public ChildProcess StartWorker(string name, Dictionary<string, string?> settings)
        {
            var env = new Dictionary<string, string?>(Shared)
            {
                ["Worker:Queues:0"] = "gpu",
                ["Worker:Count"] = "2",
                ["Worker:Name"] = name,
                ["Storage:ScratchDir"] = Path.Combine(Dir, "scratch-" + name),
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:LogLevel:Hangfire"] = "Warning",
            };
            foreach (var (k, v) in settings)
            {
                env[k] = v;
            }
            return ChildProcess.Start(Dir, $"exec dotnet '{WorkerChecks.WorkerDll()}'", env.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value));
        }

        public async ValueTask DisposeAsync()
        {
            await Host.DisposeAsync();
            try
            {
                Directory.Delete(Dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
