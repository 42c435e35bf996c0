using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NasArena.Platform.Domain;
using NasArena.Platform.Jobs;
using NasArena.Platform.Storage;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Nothing a killed web or worker process leaves behind stays: unqueued submissions are queued, shard results of ended
/// submissions go, scratch folders of dead processes go (and those of live ones stay); reasons show no internals.
/// </summary>
public abstract class LeftoverTests(PlatformHost host)
{
    private readonly SubmissionRows _rows = new(host);

    private Task<(Scenario S, Guid Id)> ScoredAsync() => _rows.ScoredAsync();

    private Task<Submission> LoadAsync(Guid id) => _rows.LoadAsync(id);

    private Task SetAsync(Guid id, Action<Submission> change) => _rows.SetAsync(id, change);

    private Task RunWatchdogAsync() => _rows.RunWatchdogAsync();

    /// <summary>What a process does as it starts, run again in the test's host.</summary>
    private Task RunStartAsync() =>
        host.Get<IEnumerable<IHostedService>>().OfType<LeftoversAtStart>().Single().StartAsync(CancellationToken.None);

    private Task<Submission> WaitForAsync(Guid id, Func<Submission, bool> done, string what) => _rows.WaitForAsync(id, done, what);

    /// <summary>As if the web process died after saving the submission (a new run, say) and before enqueueing its job.</summary>
    private async Task<(Guid Id, int Run)> SavedButNeverQueuedAsync()
    {
        var (_, id) = await ScoredAsync();
        var run = (await LoadAsync(id)).ScoringRun + 1;
        await SetAsync(id, x =>
        {
            x.Force(run: run); x.Force(status: SubmissionStatus.Queued); x.QueuedAt = null; x.Force(attempts: 0); x.FinishedAt = null;
        });
        return (id, run);
    }

    [Fact]
    public async Task ASubmissionSavedButNeverQueuedIsQueuedByTheWatchdog()
    {
        var (id, run) = await SavedButNeverQueuedAsync();
        await RunWatchdogAsync();
        var scored = await WaitForAsync(id, x => x.Status == SubmissionStatus.Scored && x.Score!.ScoringRun == run, "was scored again");
        Assert.NotNull(scored.QueuedAt);
    }

    [Fact]
    public async Task ASubmissionSavedButNeverQueuedIsQueuedWhenTheNextProcessStarts()
    {
        var (id, run) = await SavedButNeverQueuedAsync();
        await RunStartAsync();
        var scored = await WaitForAsync(id, x => x.Status == SubmissionStatus.Scored && x.Score!.ScoringRun == run, "was scored again");
        Assert.NotNull(scored.QueuedAt);
    }

    private static Shard DoneShard(Guid id, int run) => new()
    {
        SubmissionId = id,
        ScoringRun = run,
        ShardIndex = 0,
        Count = 1,
        Status = ShardStatus.Done,
        ResultJson = "{}",
        CreatedAt = DateTimeOffset.UtcNow,
    };

    [Fact]
    public async Task ShardsOfEndedSubmissionsAreDeletedAndThoseOfARunningOneAreKept()
    {
        var s = await Scenario.CreateAsync(host);
        var ids = await host.DbAsync(async db =>
        {
            var team = await db.Teams.FirstAsync();
            var rows = new[] { SubmissionStatus.Scored, SubmissionStatus.Failed, SubmissionStatus.Cancelled, SubmissionStatus.Running }
                .Select(status => new Submission
                {
                    PhaseId = s.PhaseId,
                    TeamId = team.Id,
                    SubmittedById = Guid.Empty,
                    FileName = "p.zip",
                    // A fresh heartbeat: the watchdog leaves the running one alone.
                    HeartbeatAt = DateTimeOffset.UtcNow.AddHours(1),
                }.Force(status: status, run: 2)).ToList();
            db.Submissions.AddRange(rows);
            foreach (var row in rows)
            {
                db.Shards.Add(DoneShard(row.Id, 2));
            }
            // A result of an older run of the running submission: nobody combines it.
            db.Shards.Add(DoneShard(rows[3].Id, 1));
            await db.SaveChangesAsync();
            return rows.Select(r => r.Id).ToList();
        });
        await RunWatchdogAsync();
        var left = await host.DbAsync(db => db.Shards.AsNoTracking().Where(r => ids.Contains(r.SubmissionId)).ToListAsync());
        var kept = Assert.Single(left);
        Assert.Equal((ids[3], 2), (kept.SubmissionId, kept.ScoringRun));

        // The running one ends as failed: its results go at once.
        Assert.True(await host.InScopeAsync(sp => sp.GetRequiredService<SubmissionStates>()
            .FailAsync(ids[3], 2, "A test ends it.", counts: false, CancellationToken.None)));
        Assert.False(await host.DbAsync(db => db.Shards.AnyAsync(r => r.SubmissionId == ids[3])));
    }

    [Fact]
    public async Task TheScratchFolderOfAKilledProcessIsRemovedByTheWatchdogAndAtStartButThatOfALiveOneIsNot()
    {
        var own = host.Get<ProcessScratch>();
        var root = Path.GetDirectoryName(own.Dir)!;
        Directory.CreateDirectory(own.Uploads);
        var ownFile = Path.Combine(own.Uploads, "upload-in-progress");
        await File.WriteAllTextAsync(ownFile, "arriving");

        // Two other processes with files in their scratch folders, each holding its lock (flock, as .NET does).
        var (killedDir, killed) = await OtherProcessAsync(root, "killed");
        var (liveDir, live) = await OtherProcessAsync(root, "live");
        await using (killed)
        await using (live)
        {
            await killed.KillAsync();
            await WaitForLockAsync(killedDir + ".lock", held: false);
            await RunWatchdogAsync();
            Assert.False(Directory.Exists(killedDir), "The watchdog left the scratch folder of a killed process.");
            Assert.False(File.Exists(killedDir + ".lock"), "The watchdog left the lock file of a killed process.");
            Assert.True(File.Exists(Path.Combine(liveDir, "uploads", "upload-1")), "The watchdog removed a live process's upload.");
            Assert.True(File.Exists(ownFile), "The watchdog removed its own process's upload.");

            await live.KillAsync();
            await WaitForLockAsync(liveDir + ".lock", held: false);
            await RunStartAsync();
            Assert.False(Directory.Exists(liveDir), "A start left the scratch folder of a process killed before it.");
            Assert.True(File.Exists(ownFile), "A start removed a live process's upload.");
        }
    }

    /// <summary>A real child process holding the lock of a scratch folder with an upload and a job workspace in it.</summary>
    private static async Task<(string Dir, ChildProcess Owner)> OtherProcessAsync(string root, string name)
    {
        var id = $"{name}-{Guid.NewGuid():N}";
        var dir = Path.Combine(root, id);
        await File.WriteAllTextAsync(dir + ".lock", $"{name} owner");
        Directory.CreateDirectory(Path.Combine(dir, "uploads"));
        Directory.CreateDirectory(Path.Combine(dir, "jobs", "j1"));
        await File.WriteAllTextAsync(Path.Combine(dir, "uploads", "upload-1"), "arriving");
        await File.WriteAllTextAsync(Path.Combine(dir, "jobs", "j1", "p.csv"), "staged");
        // --close: only flock itself holds the lock, so it is free as soon as flock is killed.
        var owner = ChildProcess.Start(root, $"exec flock --exclusive --close {id}.lock sleep 600", new Dictionary<string, string?>());
        await WaitForLockAsync(dir + ".lock", held: true);
        return (dir, owner);
    }

    private static async Task WaitForLockAsync(string path, bool held)
    {
        var deadline = DateTime.UtcNow + SubmissionRows.Patience;
        while (IsHeld(path) != held)
        {
            Assert.True(DateTime.UtcNow < deadline, $"The lock {path} was {(held ? "never taken" : "never released")}.");
            await Task.Delay(100);
        }
    }

    private static bool IsHeld(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return false;
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            return true;
        }
    }

    [Fact]
    public async Task AnObjectStoreUnreachableLongerThanTheOutageToleranceFailsTheSubmissionWithAReasonThatShowsNoAddressAndNoExceptionType()
    {
        var (_, id) = await ScoredAsync();
        var run = (await LoadAsync(id)).ScoringRun;
        var options = host.Get<JobOptions>();
        var tolerance = options.OutageTolerance;
        // No tolerance: the first outage retry is already one too many (OutageTests shows the waiting itself).
        options.OutageTolerance = TimeSpan.Zero;
        try
        {
            // A real S3 client on a loopback port nobody listens on: connection refused, as when the storage server is down.
            var port = ClosedPort();
            var down = new S3ObjectStore(new StorageOptions
            {
                Kind = "s3",
                S3Endpoint = $"http://127.0.0.1:{port}",
                S3AccessKey = "S3RVER",
                S3SecretKey = "S3RVER",
                S3Bucket = "down",
            }, host.Get<ProcessScratch>().Dir);
            await SetAsync(id, x => { x.Force(status: SubmissionStatus.Queued); x.QueuedAt = DateTimeOffset.UtcNow; x.Force(attempts: 0); });
            await host.InScopeAsync(sp =>
                ActivatorUtilities.CreateInstance<ScoreSubmissionJob>(sp, (IObjectStore)down).RunAsync(id, run, CancellationToken.None));

            var failed = await LoadAsync(id);
            Assert.Equal(SubmissionStatus.Failed, failed.Status);
            Assert.False(failed.CountsAgainstQuota);
            Assert.Contains("object storage was unreachable for more than 0 minutes", failed.FailureReason);
            Assert.DoesNotContain("127.0.0.1", failed.FailureReason);
            Assert.DoesNotContain(port.ToString(), failed.FailureReason);
            Assert.DoesNotContain("Exception", failed.FailureReason);
        }
        finally
        {
            options.OutageTolerance = tolerance;
        }
    }

    private static int ClosedPort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        var port = ((IPEndPoint)socket.LocalEndpoint).Port;
        socket.Stop();
        return port;
    }
}

[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class LeftoversOnSqliteAndDisk(SqliteDiskHost fixture) : LeftoverTests(fixture.Host);

[Collection(PostgresS3Collection.Name)]
[Trait("Category", "Integration")]
public sealed class LeftoversOnPostgresAndS3(PostgresS3Host fixture) : LeftoverTests(fixture.Host);
