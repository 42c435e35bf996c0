using System.Diagnostics;

namespace NasArena.Sandbox.Sandbox;

/// <summary>
/// A control group for one sandboxed run (memory and process caps, and a way to kill everything in it).
/// Needs write access to /sys/fs/cgroup (a root worker); cgroup v2 (unified) and v1 (memory + pids hierarchies) are both handled.
/// Where neither is writable the runner falls back to rlimits and says so in the outcome's notes.
/// </summary>
public sealed class Cgroup : IDisposable
{
    private const string Root = "/sys/fs/cgroup";
    private readonly string[] _directories;
    private readonly string _memoryDirectory;
    private readonly string _pidsDirectory;
    private readonly bool _v2;

    private Cgroup(bool v2, string memoryDirectory, string pidsDirectory)
    {
        _v2 = v2;
        _memoryDirectory = memoryDirectory;
        _pidsDirectory = pidsDirectory;
        _directories = memoryDirectory == pidsDirectory ? [memoryDirectory] : [memoryDirectory, pidsDirectory];
    }

    /// <summary>The cgroup.procs files a starting process writes its pid into to join.</summary>
    public IReadOnlyList<string> ProcsFiles => _directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();

    public static Cgroup? TryCreate(string name, long memoryBytes, int maxProcesses, out string why)
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
