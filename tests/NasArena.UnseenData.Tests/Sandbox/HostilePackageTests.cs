using System.Net;
using System.Net.Sockets;
using NasArena.UnseenData.Sandbox;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;
using NasArena.Scoring.Contract;

namespace NasArena.UnseenData.Tests.Sandbox;

/// <summary>
/// Each package here attacks the sandbox in one way. Each must fail with a clear reason, and the test process
/// (the worker, in production) must live on. Limits are small: 5 s, 512 MB, 64 processes, 64 MB of output.
/// </summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed class HostilePackageTests : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    [Fact]
    public async Task APackageCannotConnectToAServerOnTheHostsLoopback()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = listener.AcceptTcpClientAsync();

        var r = await _h.RunOne(PackageSources.WithProcessBody($"""
            import socket
            errors = []
            for host in ["127.0.0.1", "10.0.0.1", "1.1.1.1"]:
                try:
                    s = socket.create_connection((host, {port} if host == "127.0.0.1" else 80), timeout=2)
                    s.sendall(b"LEAKED")
                    raise RuntimeError("CONNECTED to " + host)
                except OSError as e:
                    errors.append(host + ": " + type(e).__name__)
            raise ConnectionError("; ".join(errors))
            """));

        Assert.Equal(FailureKind.Exception, r.Failure);
        Assert.Contains("127.0.0.1: ConnectionRefusedError", r.Reason);
        Assert.Contains("1.1.1.1: OSError", r.Reason); // network unreachable: no interface but loopback
        Assert.DoesNotContain("CONNECTED", r.Reason);
        await Task.Delay(200);
        Assert.False(accepted.IsCompleted, "the package reached the test's TCP server");
    }

    [Fact]
    public async Task APackageCannotReadTestLabelsADatabaseOrShadowOutsideItsFolders()
    {
        var dbFile = Path.Combine(_h.Directory, "platform.db");
        File.WriteAllText(dbFile, "SECRET-DATABASE-CONTENT");
        var zip = _h.Zip(PackageSources.WithProcessBody($$"""
            import glob
            targets = ["{{dbFile}}", "/etc/shadow", "/etc/passwd", "/root"] + glob.glob("{{_h.Directory}}/work/datasets/*/hidden/test_y.npy")
            found = []
            for path in targets + ["/data/test_y.npy"]:
                try:
                    with open(path, "rb") as f:
                        found.append(path + "=" + repr(f.read(40)))
                except OSError as e:
                    pass
            raise PermissionError("opened: " + repr(found) + " listing data: " + repr(sorted(os.listdir("/data"))))
            """));
        var request = _h.Request(zip);
        var (results, _) = await _h.Scorer.RunAsync(request, CancellationToken.None);
        var r = Assert.Single(results);

        // The hidden labels exist on the host, right where the glob above would find them if it could see the host.
        Assert.Single(Directory.GetFiles(Path.Combine(_h.Directory, "work", "datasets"), "test_y.npy", SearchOption.AllDirectories));
        Assert.Equal(FailureKind.Exception, r.Failure);
        Assert.Contains("PermissionError: opened: []", r.Reason);
        Assert.Contains("listing data: ['metadata.json', 'test_x.npy', 'train_x.npy', 'train_y.npy', 'valid_x.npy', 'valid_y.npy']", r.Reason);
        Assert.DoesNotContain("SECRET", r.LogTail);
    }

    [Fact]
    public async Task AForkBombIsStoppedByTheProcessLimit()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            while True:
                os.fork()
            """));
        Assert.Equal(FailureKind.ProcessLimit, r.Failure);
        // With a cgroup the kernel's pids.events tells; without one (RLIMIT_NPROC) the refused fork's error does.
        Assert.StartsWith("Process limit:", r.Reason);
        Assert.Contains("64", r.Reason); // stopped by the cap: the clock would have given FailureKind.TimeLimit
    }

    [Fact]
    public async Task AForkBombIsStoppedByRlimitsWhereNoCgroupCanBeMade()
    {
        // Only the first process forks and its children wait: with every process forking, the first one may keep
        // winning the slots its dying children free, and on a loaded machine the race outlasted the time limit.
        var outcome = await new BubblewrapRunner(useCgroups: false).RunAsync(_h.Job(PackageSources.WithProcessBody("""
            while True:
                if os.fork() == 0:
                    time.sleep(60)
                    os._exit(0)
            """), new SandboxLimits(20, 2, 512L << 20, 64, 64L << 20, 4L << 20, 4096, 1)), CancellationToken.None);
        Assert.Contains(outcome.Notes, n => n.StartsWith("no cgroup (disabled)", StringComparison.Ordinal));
        Assert.True(outcome.Stop == SandboxStop.Exited, $"{outcome.Stop} after {outcome.Elapsed.TotalSeconds:F1} s\n{outcome.LogTail}"); // ended by refused forks, not by the clock
        Assert.Contains("BlockingIOError: [Errno 11] Resource temporarily unavailable", outcome.LogTail);
    }

    [Fact]
    public async Task AllocatingPastTheMemoryCapKillsThePackageNotTheHost()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            import numpy as np
            chunks = []
            while True:
                chunks.append(np.ones(32 * 1024 * 1024 // 8))  # 32 MB, touched
            """));
        Assert.Equal(FailureKind.MemoryLimit, r.Failure);
        Assert.StartsWith("Memory limit:", r.Reason);
        Assert.Contains("536,870,912 bytes", r.Reason);
    }

    [Fact]
    public async Task WorkersThatTogetherExceedTheMemoryCapAreKilledByTheKernelAndReportedAsMemory()
    {
        // Each worker stays under the per-process RLIMIT_DATA; together they pass the cgroup's cap, as DataLoader
        // workers would. The parent notices a worker killed by a signal and fails, as DataLoader does.
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            import numpy as np
            pids = []
            for _ in range(4):
                pid = os.fork()
                if pid == 0:
                    block = np.ones(200 * 1024 * 1024 // 8)
                    time.sleep(30)
                    os._exit(0)
                pids.append(pid)
            for _ in pids:
                pid, status = os.wait()
                if os.WIFSIGNALED(status):
                    raise RuntimeError(f"worker {pid} was killed by signal {os.WTERMSIG(status)}")
            """));
        Assert.False(r.Notes.Any(n => n.StartsWith("no cgroup", StringComparison.Ordinal)),
            "No cgroup could be made, so memory is capped per process only: run the tests as root with /sys/fs/cgroup writable. " + string.Join("; ", r.Notes));
        Assert.Equal(FailureKind.MemoryLimit, r.Failure);
        Assert.StartsWith("Memory limit: the package used more than 536,870,912 bytes and was killed", r.Reason);
    }

    [Fact]
    public async Task APackageThatRunsPastTheTimeLimitIsKilledOnTime()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            print("sleeping", flush=True)
            time.sleep(120)
            """));
        Assert.Equal(FailureKind.TimeLimit, r.Failure);
        Assert.Contains("in phase 'process' (limit 5 s, plus 2 s of grace for prediction)", r.Reason);
        // Never before the limit; the upper bound only says "killed, not left running" (3x the limit and grace: a loaded
        // 2-core machine is slow to start and reap). How precisely the clock stops it is a benchmark figure
        // (tests/Benchmarks.UnseenData), not a test.
        Assert.InRange(r.Elapsed.TotalSeconds, 7, 21);
        Assert.Contains("sleeping", r.LogTail);
    }

    [Fact]
    public async Task WritingTenGigabytesIsStoppedByTheOutputCapQuickly()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            block = b"\0" * (16 << 20)
            for i in range(640):  # 640 x 16 MB = 10 GB, into the working folder (on the size-capped /tmp)
                with open(f"fill{i}.bin", "wb") as f:
                    f.write(block)
            """));
        Assert.Equal(FailureKind.OutputLimit, r.Failure);
        Assert.Contains("Output limit: the package wrote more than 67,108,864 bytes", r.Reason);
        Assert.Contains("No space left on device", r.Reason);
        // Stopped by the cap, not by the clock: the clock would have given FailureKind.TimeLimit.
    }

    [Fact]
    public async Task WritingOneHugeFileThroughTheResultDescriptorIsCappedPerFile()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            block = b"\0" * (16 << 20)
            for i in range(640):
                os.write(3, block)
            """));
        Assert.Equal(FailureKind.OutputLimit, r.Failure);
        Assert.Contains("File too large", r.Reason);
    }

    [Fact]
    public async Task PrintingAGigabyteIsStoppedByTheLogCap()
    {
        var r = await _h.RunOne(PackageSources.WithProcessBody("""
            line = "x" * 1023 + "\n"
            for i in range(1 << 20):  # 1 GB
                sys.stdout.write(line)
            """));
        Assert.Equal(FailureKind.LogLimit, r.Failure);
        Assert.StartsWith("Log limit: the package printed more than 4,194,304 bytes", r.Reason);
        Assert.True(r.LogTail.Length <= 4096 + 100, $"tail of {r.LogTail.Length} chars");
        // Stopped by the cap, not by the clock: the clock would have given FailureKind.TimeLimit.
    }

    [Fact]
    public async Task PredictionsOfTheWrongShapeFailWithANamedReason()
    {
        var r = await _h.RunOne(PackageSources.Predicting("np.zeros((len(test_x), 2), dtype=np.int64)"), SandboxHarness.TorchLimits);
        Assert.Equal(FailureKind.BadPredictions, r.Failure);
        Assert.Equal("Bad predictions: predict() returned shape (20, 2); expected (20,), one class index per test item.", r.Reason);
    }

    [Fact]
    public async Task PredictionsOfTheWrongTypeFailWithANamedReason()
    {
        var r = await _h.RunOne(PackageSources.Predicting("np.zeros(len(test_x), dtype=np.float32)"), SandboxHarness.TorchLimits);
        Assert.Equal(FailureKind.BadPredictions, r.Failure);
        Assert.Contains("dtype '<f4'; expected integer class indices", r.Reason);
    }

    [Fact]
    public async Task APackageThatCrashesOnImportFailsInTheImportPhaseWithItsTraceback()
    {
        var files = PackageSources.WithProcessBody("pass");
        files["nas.py"] += "\nraise RuntimeError('boom at import')\n";
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _h.Scorer.ScoreAsync(_h.Request(_h.Zip(files)), CancellationToken.None));
        Assert.Contains("tiny: Exception in phase 'import': RuntimeError: boom at import", e.Message);
        Assert.Contains("nas.py\", line", e.Message); // the log's traceback is shown (hideLogs is off)
    }

    [Fact]
    public async Task AZipBombIsRejectedBeforeAnythingRuns()
    {
        var zip = new ZipBuilder().AddFiles(PackageSources.WithProcessBody("pass")).Add("zeros.bin", new byte[200 << 20])
            .Save(Path.Combine(_h.Directory, "bomb.zip"));
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _h.Scorer.PrecheckAsync(_h.Request(zip), CancellationToken.None));
        Assert.Contains("zip bomb", e.Message);
    }

    [Fact]
    public async Task AnEntryNamedDotDotSlashDotDotSlashXIsRejected()
    {
        var zip = new ZipBuilder().AddFiles(PackageSources.WithProcessBody("pass")).Add("../../x", "x").Save(Path.Combine(_h.Directory, "climb.zip"));
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _h.Scorer.ScoreAsync(_h.Request(zip), CancellationToken.None));
        Assert.Contains("'../../x' climbs out of the package", e.Message);
        Assert.False(File.Exists(Path.Combine(_h.Directory, "work", "x")));
    }

    [Fact]
    public async Task ASymbolicLinkToRootIsRejected()
    {
        var zip = new ZipBuilder().AddFiles(PackageSources.WithProcessBody("pass")).Add("root", "/", unixMode: 0xA1FF).Save(Path.Combine(_h.Directory, "link.zip"));
        var e = await Assert.ThrowsAsync<SubmissionRejectedException>(() => _h.Scorer.ScoreAsync(_h.Request(zip), CancellationToken.None));
        Assert.Contains("'root' is a symbolic link", e.Message);
    }
}
