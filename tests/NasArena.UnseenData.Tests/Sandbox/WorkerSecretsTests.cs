using System.Collections;
using System.Text.Json;
using NasArena.UnseenData.Scorer;
using NasArena.UnseenData.Tests.Support;
using NasArena.Scoring.Contract;
using Xunit.Abstractions;

namespace NasArena.UnseenData.Tests.Sandbox;

/// <summary>
/// The worker's configuration (in production its environment holds the database connection string and the S3 key that
/// opens the hidden labels) must not be readable from inside the sandbox: not through any /proc/*/environ or
/// /proc/*/cmdline the package can open, nor the mount table.
/// </summary>
[Collection("Sandbox")]
[Trait("Category", "Unit")]
public sealed class WorkerSecretsTests(ITestOutputHelper output) : IDisposable
{
    private readonly SandboxHarness _h = new();

    public void Dispose() => _h.Dispose();

    /// <summary>Reads everything of /proc it can and hands it back as JSON in the log (between markers).</summary>
    private const string Probe = """
        import glob, json
        seen = {}
        paths = glob.glob("/proc/[0-9]*/environ") + glob.glob("/proc/[0-9]*/cmdline") + ["/proc/self/mountinfo", "/proc/1/mountinfo"]
        for path in sorted(set(paths)):
            try:
                with open(path, "rb") as f:
                    seen[path] = f.read().decode("utf-8", "replace").replace("\0", " ")
            except OSError as e:
                seen[path] = "unreadable: " + (e.strerror or "")
        seen["open descriptors"] = " ".join(sorted(os.listdir("/proc/self/fd"), key=int))
        for fd in os.listdir("/proc/self/fd"):
            try:
                seen["fd " + fd] = os.readlink("/proc/self/fd/" + fd)
            except OSError:
                pass
        print("PROBE-BEGIN" + json.dumps(seen) + "PROBE-END", flush=True)
        raise RuntimeError("probe finished")
        """;

    [Fact]
    public async Task NoEnvironmentVariableOrCommandLineOfTheWorkerIsReadableInsideTheSandbox()
    {
        var marker = Guid.NewGuid().ToString("N");
        var planted = new Dictionary<string, string>
        {
            ["NASARENA_PROBE_SECRET_" + marker[..8]] = "probe-value-" + marker,
            ["Database__ConnectionString"] = $"Host=db-{marker[..6]};Password=pw-{marker}",
            ["Storage__S3SecretKey"] = "s3key-" + marker,
        };
        foreach (var (k, v) in planted) Environment.SetEnvironmentVariable(k, v);
        DatasetResult r;
        try
        {
            r = await _h.RunOne(PackageSources.WithProcessBody(Probe), SandboxHarness.SmallLimits.Replace("\"logTailBytes\": 4096", "\"logTailBytes\": 1048576"));
        }
        finally
        {
            foreach (var k in planted.Keys) Environment.SetEnvironmentVariable(k, null);
        }

        Assert.True(r.Reason == "Exception in phase 'process': RuntimeError: probe finished", r.Reason + "\n" + r.LogTail + string.Join("; ", r.Notes));
        var begin = r.LogTail.IndexOf("PROBE-BEGIN", StringComparison.Ordinal) + "PROBE-BEGIN".Length;
        var seen = JsonSerializer.Deserialize<Dictionary<string, string>>(r.LogTail[begin..r.LogTail.IndexOf("PROBE-END", StringComparison.Ordinal)])!;
        foreach (var (path, text) in seen) output.WriteLine($"{path}: {(text.Length > 300 ? text[..300] + "..." : text)}");

        // The probe saw something: its own process and PID 1 (bwrap's init in the sandbox's pid namespace).
        Assert.Contains("/proc/self/mountinfo", seen.Keys);
        Assert.StartsWith("/usr/bin/bwrap --args 0 /usr/bin/python3 -u /harness/main.py --submission /submission ", seen["/proc/1/cmdline"]);
        Assert.Equal("", seen["/proc/1/environ"]); // readable, and empty: bwrap was started with no environment
        Assert.True(seen.Keys.Count(k => k.EndsWith("/environ", StringComparison.Ordinal)) >= 2, string.Join(", ", seen.Keys));
        // Nothing of the worker's is open inside: stdin, stdout, stderr, the two result files, and listdir's own.
        Assert.True(seen["open descriptors"].Split(' ').Select(int.Parse).All(fd => fd <= 5), seen["open descriptors"]);
        var everything = string.Join("\n", seen.Values) + r.LogTail;
        foreach (var (k, v) in planted)
        {
            Assert.DoesNotContain(k, everything);
            Assert.DoesNotContain(v, everything);
        }
        // Nor any other variable of the worker's environment, as KEY=VALUE (the sandbox sets a few of the same names).
        foreach (DictionaryEntry e in Environment.GetEnvironmentVariables())
        {
            var pair = $"{e.Key}={e.Value}";
            if (((string)e.Value!).Length >= 4 && pair is not "PATH=/usr/bin:/bin" and not "PYTHONUNBUFFERED=1")
                Assert.DoesNotContain(pair, everything);
        }
    }
}
