using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Configuration;

/// <summary>The worker of the same build (scripts/test.sh builds the solution), and copies of it missing a library.</summary>
public static class WorkerChecks
{
    public static string WorkerDll()
    {
        var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
        var worker = Path.Combine(TestServers.RepoRoot, "src", "NasArena.Worker", "bin", configuration, "net10.0", "NasArena.Worker.dll");
        Assert.True(File.Exists(worker), $"{worker} is missing: build the solution first.");
        return worker;
    }

    /// <summary>
    /// The worker's build output (hard links, so no libtorch is copied) without <paramref name="assembly"/>: its file
    /// and its entries in the dependency manifest, as a worker image built without that library would be.
    /// </summary>
    public static string WorkerWithout(string assembly, string into)
    {
        var source = Path.GetDirectoryName(WorkerDll())!;
        var target = Path.Combine(into, "worker");
        var cp = System.Diagnostics.Process.Start("cp", ["-al", source, target])!;
        cp.WaitForExit();
        Assert.True(cp.ExitCode == 0, $"cp -al {source} {target} failed");
        File.Delete(Path.Combine(target, assembly + ".dll"));
        var depsPath = Path.Combine(target, "NasArena.Worker.deps.json");
        var deps = JsonNode.Parse(File.ReadAllText(depsPath))!;
        foreach (var (_, packages) in deps["targets"]!.AsObject())
        {
            foreach (var key in packages!.AsObject().Select(p => p.Key).Where(k => k.StartsWith(assembly + "/", StringComparison.Ordinal)).ToList())
            {
                packages.AsObject().Remove(key);
            }
            foreach (var (_, package) in packages.AsObject())
            {
                package!["dependencies"]?.AsObject().Remove(assembly);
            }
        }
        foreach (var key in deps["libraries"]!.AsObject().Select(p => p.Key).Where(k => k.StartsWith(assembly + "/", StringComparison.Ordinal)).ToList())
        {
            deps["libraries"]!.AsObject().Remove(key);
        }
        File.Delete(depsPath); // a hard link: write a new file, never through to the build's
        File.WriteAllText(depsPath, deps.ToJsonString());
        return Path.Combine(target, "NasArena.Worker.dll");
    }
}
