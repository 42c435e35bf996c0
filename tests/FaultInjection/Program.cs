using FaultInjection;

// Issue 8's fault-injection run. Usage: FaultInjection [--kills N] [--small] [--only burst,kills,web,postgres,storage] [--configuration Debug] REPO
// or issue 13's scale-out benchmark: FaultInjection --scale-out [--small] REPO
// or issue 25's fairness experiment: FaultInjection --only fairness [--small] REPO (team two's wait with fair queues on and off)
// Prints one line per experiment: lost=N double=N stuck=N platform_failed=N leftover_files=N (and kill-to-running times).
var kills = 20;
var small = false;
string[] only = ["burst", "kills", "web", "postgres", "storage"];
var repo = "";
var configuration = "Release";
var scaleOut = false;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--kills": kills = int.Parse(args[++i]); break;
        case "--small": small = true; break;
        case "--scale-out": scaleOut = true; break;
        case "--configuration": configuration = args[++i]; break;
        case "--only": only = args[++i].Split(','); break;
        default: repo = args[i]; break;
    }
}
if (repo == "" || !File.Exists(Path.Combine(repo, "NasArena.sln")))
{
    Console.Error.WriteLine("usage: FaultInjection [--kills N] [--small] [--only burst,kills,web,postgres,storage] [--configuration Debug] REPO");
    return 2;
}
var root = Directory.CreateTempSubdirectory("nasarena-faults").FullName;
Console.WriteLine($"{(scaleOut ? "scale-out benchmark" : "fault injection")} in {root} (process logs there)");
await Workload.WriteFilesAsync(repo, root);
await using var pg = await Postgres.StartAsync(root);
using var s3 = new S3Server(repo, root);
await s3.StartAsync();
if (scaleOut)
{
    // Issue 13's scale-out figures (scripts/bench-scale-out.sh): supernet throughput with 1, 2 and 4 worker processes on
    // one queue, then queued → running under a burst of 200 prediction files (--small: 3 supernets, a burst of 40).
    var bench = new ScaleOut(repo, configuration, root, pg, s3, root);
    Console.WriteLine($"machine: {Environment.ProcessorCount} cores");
    foreach (var processes in new[] { 1, 2, 4 })
    {
        Console.WriteLine(await bench.ThroughputAsync(processes, small ? 3 : 12));
    }
    Console.WriteLine(await bench.BurstLatencyAsync(small ? 40 : 200, 4));
    return 0;
}
var run = new Experiments(repo, configuration, root, pg, s3, root);
foreach (var experiment in only)
{
    var line = experiment switch
    {
        "burst" => await run.BurstAsync(small ? 6 : 20),
        "kills" => await run.KillsAsync(kills, small ? 4 : 40, TimeSpan.FromSeconds(small ? 15 : 19)),
        "web" => await run.WebKillsAsync(small ? 2 : 4, 200L << 20),
        "postgres" => await run.PostgresRestartAsync(small ? 4 : 10),
        "storage" => await run.StorageOutageAsync(small ? 3 : 10, TimeSpan.FromSeconds(small ? 20 : 30), small ? 3 : 8),
        "fairness" => await new Fairness(repo, configuration, root, pg, s3, root).RunAsync(small ? 12 : 40, fair: true) + "\n" +
            await new Fairness(repo, configuration, root, pg, s3, root).RunAsync(small ? 12 : 40, fair: false),
        _ => throw new ArgumentException($"Unknown experiment '{experiment}' (burst, kills, web, postgres, storage, fairness)."),
    };
    Console.WriteLine(line);
}
return 0;
