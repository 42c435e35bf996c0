using FaultInjection;

// Issue 8's fault-injection run. Usage: FaultInjection [--kills N] [--small] [--only burst,kills,web,postgres,storage] [--configuration Debug] REPO
// Prints one line per experiment: lost=N double=N stuck=N platform_failed=N leftover_files=N (and kill-to-running times).
var kills = 20;
var small = false;
string[] only = ["burst", "kills", "web", "postgres", "storage"];
var repo = "";
var configuration = "Release";
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--kills": kills = int.Parse(args[++i]); break;
        case "--small": small = true; break;
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
Console.WriteLine($"fault injection in {root} (process logs there)");
await Workload.WriteFilesAsync(repo, root);
await using var pg = await Postgres.StartAsync(root);
using var s3 = new S3Server(repo, root);
await s3.StartAsync();
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
        _ => throw new ArgumentException($"Unknown experiment '{experiment}' (burst, kills, web, postgres, storage)."),
    };
    Console.WriteLine(line);
}
return 0;
