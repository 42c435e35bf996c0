using System.Diagnostics;

namespace NasArena.UnseenData.Sandbox;

/// <summary>
/// A control group for one sandboxed run (memory, process and CPU caps, and a way to kill everything in it).
/// Needs write access to /sys/fs/cgroup (a root worker); cgroup v2 (unified) and v1 (memory + pids hierarchies, and the
/// cpu hierarchy for the CPU quota) are both handled. Where neither is writable the runner falls back to rlimits and says
/// so in the outcome's notes; a missing cpu controller only loses the CPU cap (<see cref="CpuCapNote"/> says why).
/// </summary>
public sealed class Cgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private const long CpuPeriodMicroseconds = 100_000;
    private readonly List<string> _directories;
    private readonly string _memoryDirectory;
    private readonly string _pidsDirectory;
    private string? _cpuDirectory;
    private readonly bool _v2;

    private Cgroup(bool v2, string memoryDirectory, string pidsDirectory)
    {
        _v2 = v2;
        _memoryDirectory = memoryDirectory;
        _pidsDirectory = pidsDirectory;
        _directories = memoryDirectory == pidsDirectory ? [memoryDirectory] : [memoryDirectory, pidsDirectory];
    }

    /// <summary>What became of the CPU cap: "CPU capped at N cores (cgroup vX)", or why there is none.</summary>
    public string CpuCapNote { get; private set; } = "no CPU cap asked for";

    /// <summary>Periods in which the kernel held the group back for using its whole quota (cpu.stat nr_throttled).</summary>
    public long CpuThrottledPeriods => _cpuDirectory is null ? 0 : Counter(Path.Combine(_cpuDirectory, "cpu.stat"), "nr_throttled");

    /// <summary>The group's highest memory use (v2 memory.peak, v1 memory.max_usage_in_bytes); 0 when the kernel has none.</summary>
    public long PeakMemoryBytes => Number(Path.Combine(_memoryDirectory, _v2 ? "memory.peak" : "memory.max_usage_in_bytes")) ?? 0;

    /// <summary>CPU seconds of every process that ran in the group (v2 cpu.stat usage_usec; v1 cpuacct.usage where the cpu
    /// hierarchy is mounted with cpuacct); null where the kernel keeps none for it.</summary>
    public double? CpuSeconds => _v2
        ? Counter(Path.Combine(_memoryDirectory, "cpu.stat"), "usage_usec") is var usec and > 0 ? usec / 1e6 : null
        : _cpuDirectory is null ? null : Number(Path.Combine(_cpuDirectory, "cpuacct.usage")) / 1e9;

    /// <summary>"sandbox cgroup v2", for the accounting's source.</summary>
    public string Version => _v2 ? "sandbox cgroup v2" : "sandbox cgroup v1";

    private static long? Number(string file)
    {
        try
        {
            return long.TryParse(File.ReadAllText(file).Trim(), out var n) ? n : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The cgroup.procs files a starting process writes its pid into to join.</summary>
    public IReadOnlyList<string> ProcsFiles => _directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();

    /// <param name="cpuCores">CPU seconds per wall second for the whole group (a fork bomb shares them); 0 = no cap.</param>
    public static Cgroup? TryCreate(string name, long memoryBytes, int maxProcesses, out string why, double cpuCores = 0)
    {
        try
        {
            if (File.Exists(Path.Combine(Root, "cgroup.controllers")))
            {
                var controllers = File.ReadAllText(Path.Combine(Root, "cgroup.controllers")).Split(' ', StringSplitOptions.TrimEntries);
                if (!controllers.Contains("memory") || !controllers.Contains("pids"))
                {
                    why = "cgroup v2 lacks the memory or pids controller";
                    return null;
                }
                var parent = Path.Combine(Root, "nasarena");
                Directory.CreateDirectory(parent);
                File.WriteAllText(Path.Combine(Root, "cgroup.subtree_control"), "+memory +pids");
                File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+memory +pids");
                var dir = Path.Combine(parent, name);
                Directory.CreateDirectory(dir);
                var g = new Cgroup(true, dir, dir);
                File.WriteAllText(Path.Combine(dir, "memory.max"), memoryBytes.ToString());
                TryWrite(Path.Combine(dir, "memory.swap.max"), "0");
                File.WriteAllText(Path.Combine(dir, "pids.max"), maxProcesses.ToString());
                if (cpuCores > 0) g.CapCpuV2(parent, controllers, cpuCores);
                why = "";
                return g;
            }
            if (Directory.Exists(Path.Combine(Root, "memory")) && Directory.Exists(Path.Combine(Root, "pids")))
            {
                var mem = Path.Combine(Root, "memory", "nasarena", name);
                var pids = Path.Combine(Root, "pids", "nasarena", name);
                Directory.CreateDirectory(mem);
                Directory.CreateDirectory(pids);
                var g = new Cgroup(false, mem, pids);
                File.WriteAllText(Path.Combine(mem, "memory.limit_in_bytes"), memoryBytes.ToString());
                TryWrite(Path.Combine(mem, "memory.memsw.limit_in_bytes"), memoryBytes.ToString());
                File.WriteAllText(Path.Combine(pids, "pids.max"), maxProcesses.ToString());
                if (cpuCores > 0) g.CapCpuV1(name, cpuCores);
                why = "";
                return g;
            }
            why = "no cgroup memory/pids hierarchy under /sys/fs/cgroup";
            return null;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            why = $"cgroups not writable ({e.Message})";
            return null;
        }
    }

    private static string Cores(double cores) => cores == 1 ? "1 core" : $"{cores.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture)} cores";

    private static long Quota(double cores) => Math.Max(1000, (long)Math.Round(cores * CpuPeriodMicroseconds));

    private void CapCpuV2(string parent, string[] controllers, double cores)
    {
        if (!controllers.Contains("cpu"))
        {
            CpuCapNote = "no CPU cap: cgroup v2 lacks the cpu controller";
            return;
        }
        if (TryWrite(Path.Combine(Root, "cgroup.subtree_control"), "+cpu") && TryWrite(Path.Combine(parent, "cgroup.subtree_control"), "+cpu")
            && TryWrite(Path.Combine(_pidsDirectory, "cpu.max"), $"{Quota(cores)} {CpuPeriodMicroseconds}"))
        {
            _cpuDirectory = _pidsDirectory;
            CpuCapNote = $"CPU capped at {Cores(cores)} (cgroup v2 cpu.max)";
        }
        else CpuCapNote = "no CPU cap: cpu.max is not writable";
    }

    private void CapCpuV1(string name, double cores)
    {
        // The cpu hierarchy is often mounted as "cpu,cpuacct" with "cpu" a link to it; both are followed.
        var dir = Path.Combine(Root, "cpu", "nasarena", name);
        try
        {
            if (!File.Exists(Path.Combine(Root, "cpu", "cpu.cfs_quota_us")))
            {
                CpuCapNote = "no CPU cap: no cgroup v1 cpu hierarchy with CFS quotas";
                return;
            }
            Directory.CreateDirectory(dir);
            _directories.Add(dir);
            File.WriteAllText(Path.Combine(dir, "cpu.cfs_period_us"), CpuPeriodMicroseconds.ToString());
            File.WriteAllText(Path.Combine(dir, "cpu.cfs_quota_us"), Quota(cores).ToString());
            _cpuDirectory = dir;
            CpuCapNote = $"CPU capped at {Cores(cores)} (cgroup v1 cpu.cfs_quota_us)";
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            CpuCapNote = "no CPU cap: the cgroup v1 cpu hierarchy is not writable";
        }
    }

    /// <summary>True when the kernel's OOM killer acted inside the group.</summary>
    public bool MemoryLimitHit =>
        Counter(Path.Combine(_memoryDirectory, _v2 ? "memory.events" : "memory.oom_control"), "oom_kill") > 0;

    /// <summary>True when a fork was refused because the group reached its process cap.</summary>
    public bool ProcessLimitHit => Counter(Path.Combine(_pidsDirectory, "pids.events"), "max") > 0;

    public void KillAll()
    {
        if (_v2 && TryWrite(Path.Combine(_pidsDirectory, "cgroup.kill"), "1")) return;
        // v1 has no cgroup.kill: kill what is listed until nothing is left (a forking process may add members meanwhile).
        for (int round = 0; round < 50; round++)
        {
            var pids = ReadPids();
            if (pids.Count == 0) return;
            foreach (var pid in pids)
            {
                try { using var p = Process.GetProcessById(pid); p.Kill(); } catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception) { }
            }
            Thread.Sleep(20);
        }
    }

    public void Dispose()
    {
        KillAll();
        foreach (var dir in _directories)
        {
            for (int i = 0; i < 50 && Directory.Exists(dir); i++)
            {
                try { Directory.Delete(dir); }
                catch (IOException) { Thread.Sleep(20); } // members still exiting
            }
        }
    }

    private List<int> ReadPids()
    {
        var all = new List<int>();
        foreach (var dir in _directories)
        {
            try
            {
                all.AddRange(File.ReadAllLines(Path.Combine(dir, "cgroup.procs")).Where(l => l.Length > 0).Select(int.Parse));
            }
            catch (IOException) { }
        }
        return all.Distinct().ToList();
    }

    private static long Counter(string file, string key)
    {
        try
        {
            foreach (var line in File.ReadAllLines(file))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], out var v)) return v;
            }
        }
        catch (IOException) { }
        return 0;
    }

    private static bool TryWrite(string file, string value)
    {
        try
        {
            File.WriteAllText(file, value);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
