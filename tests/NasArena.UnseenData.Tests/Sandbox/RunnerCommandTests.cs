using NasArena.UnseenData.Sandbox;

namespace NasArena.UnseenData.Tests.Sandbox;

/// <summary>The isolation flags each runner passes (Docker has no engine here: its argument list is what can be checked).</summary>
[Trait("Category", "Unit")]
public sealed class RunnerCommandTests
{
    private static readonly SandboxJob Job = new("/w/harness", "/w/sub", "/w/data", "/w/out",
        new SandboxLimits(1800, 60, 8L << 30, 256, 1L << 30, 64L << 20, 65536, 4));

    private static void AssertPair(IReadOnlyList<string> args, string flag, string value)
    {
        var found = Enumerable.Range(0, args.Count - 1).Any(i => args[i] == flag && args[i + 1] == value);
        Assert.True(found, $"expected '{flag} {value}' in: {string.Join(' ', args)}");
    }

    [Fact]
    public void DockerRunsWithoutNetworkCapabilitiesOrPrivilegesAndWithCaps()
    {
        var args = new DockerRunner("nasarena/unseen-sandbox:1", "device=0").BuildRunArguments(Job, "c1");
        Assert.Equal("run", args[0]);
        AssertPair(args, "--network", "none");
        AssertPair(args, "--gpus", "device=0");
        AssertPair(args, "--memory", (8L << 30).ToString());
        AssertPair(args, "--memory-swap", (8L << 30).ToString());
        AssertPair(args, "--pids-limit", "256");
        AssertPair(args, "--cap-drop", "ALL");
        AssertPair(args, "--security-opt", "no-new-privileges");
        AssertPair(args, "--user", "65534:65534");
        AssertPair(args, "--ulimit", $"fsize={1L << 30}:{1L << 30}");
        AssertPair(args, "--tmpfs", $"/tmp:rw,nosuid,nodev,size={1L << 30},mode=1777");
        Assert.Contains("--read-only", args);
        AssertPair(args, "--mount", "type=bind,source=/w/sub,target=/submission,readonly");
        AssertPair(args, "--mount", "type=bind,source=/w/data,target=/data,readonly");
        AssertPair(args, "--mount", "type=bind,source=/w/harness,target=/harness,readonly");
        AssertPair(args, "--mount", "type=bind,source=/w/out,target=/out");
        Assert.Single(args, a => a.StartsWith("type=bind", StringComparison.Ordinal) && !a.EndsWith(",readonly", StringComparison.Ordinal));
        var image = args.ToList().IndexOf("nasarena/unseen-sandbox:1");
        Assert.Equal(["python3", "-u", "/harness/main.py"], args.Skip(image + 1).Take(3));
        AssertPair(args, "--out", "/out");
    }

    [Fact]
    public void DockerWithoutGpusPassesNoGpuFlag()
    {
        var args = new DockerRunner("img", gpus: "").BuildRunArguments(Job, "c1");
        Assert.DoesNotContain("--gpus", args);
    }

    [Fact]
    public void BubblewrapUnsharesEverythingDropsToNobodyAndMountsInputsReadOnly()
    {
        var command = new BubblewrapRunner().BuildCommand(Job, ["/sys/fs/cgroup/pids/x/cgroup.procs"], useNprocLimit: false);
        var (file, launcher, args) = (command.File, command.Arguments, command.BwrapArguments);
        Assert.Equal("/bin/bash", file);
        Assert.Contains("echo $$ > '/sys/fs/cgroup/pids/x/cgroup.procs' || exit 125", launcher[1]);
        Assert.Contains($"--data={8L << 30}", launcher);
        Assert.Contains("exec 3> '/w/out/predictions.npy' 4> '/w/out/status.jsonl'", launcher[1]);
        Assert.Contains($"--fsize={1L << 30}", launcher);
        Assert.DoesNotContain(launcher, a => a.StartsWith("--nproc", StringComparison.Ordinal));
        foreach (var flag in new[] { "--unshare-all", "--unshare-user", "--die-with-parent", "--new-session", "--clearenv", "--disable-userns" })
            Assert.Contains(flag, args);
        AssertPair(args, "--uid", "65534");
        AssertPair(args, "--size", $"{1L << 30}");
        Assert.DoesNotContain("--bind", args); // nothing of the host is writable inside
        AssertPair(args, "--ro-bind", "/w/data");
        AssertPair(args, "--ro-bind", "/w/sub");
        AssertPair(launcher, "--time-limit", "1800");
        AssertPair(launcher, "--budget", "1800");
    }

    [Fact]
    public void BubblewrapStartsWithAnEmptyEnvironmentAndTakesItsArgumentsFromStdinSoNoHostPathIsOnACommandLine()
    {
        var command = new BubblewrapRunner().BuildCommand(Job, [], useNprocLimit: false);
        var bwrap = command.Arguments.ToList().IndexOf("/usr/bin/bwrap");
        Assert.Equal(["--", "/usr/bin/env", "-i", "/usr/bin/bwrap", "--args", "0", "/usr/bin/python3"], command.Arguments.Skip(bwrap - 3).Take(7));
        Assert.DoesNotContain(command.Arguments.Skip(2), a => a.StartsWith("/w/", StringComparison.Ordinal));
        var input = System.Text.Encoding.UTF8.GetString(command.BwrapArgumentsInput());
        Assert.Equal(command.BwrapArguments, input.TrimEnd('\0').Split('\0'));
        Assert.Contains("/w/sub", command.BwrapArguments);
    }

    [Fact]
    public void DockerCapsTheCpuWithCpus()
    {
        var job = Job with { Limits = Job.Limits with { CpuCores = 1.5 } };
        AssertPair(new DockerRunner("img", gpus: "").BuildRunArguments(job, "c1"), "--cpus", "1.5");
        Assert.DoesNotContain("--cpus", new DockerRunner("img", gpus: "").BuildRunArguments(Job, "c1"));
    }

    [Fact]
    public void BubblewrapFallsBackToAnRlimitOnProcessesWithoutACgroup()
    {
        var args = new BubblewrapRunner().BuildCommand(Job, [], useNprocLimit: true, dropRoot: true).Arguments;
        Assert.Contains("--nproc=256", args);
        Assert.DoesNotContain("cgroup", args[1]);
        // Root is exempt from RLIMIT_NPROC: the launcher becomes nobody before prlimit.
        Assert.Equal(["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", "/usr/bin/prlimit"], args.Skip(3).Take(6));
    }
}
