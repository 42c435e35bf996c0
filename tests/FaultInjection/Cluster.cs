using Benchmarks.Platform;

namespace FaultInjection;

/// <summary>
/// The platform as production runs it, on this run's PostgreSQL and S3: the migrate step, one web process (mode web)
/// and two worker processes, each with a scratch disk of its own; liveness settings as in issue 8's measurements
/// (heartbeat 5 s, timeout 30 s, watchdog every 10 s).
/// </summary>
public sealed class Cluster : IAsyncDisposable
{
    public const int WatchdogSeconds = 10;

    public Node Web { get; }
    public Node[] Workers { get; }
    public Uri Url { get; }
    public string Database { get; }
    public string Root { get; }

    private Cluster(Node web, Node[] workers, Uri url, string database, string root)
    {
        Web = web;
        Workers = workers;
        Url = url;
        Database = database;
        Root = root;
    }

    /// <param name="processes">Worker processes, each with <paramref name="perWorker"/> Hangfire workers.</param>
    public static async Task<Cluster> StartAsync(string repo, string configuration, string root, Postgres pg, S3Server s3, string name,
        int processes = 2, int perWorker = 2, IReadOnlyDictionary<string, string>? settings = null)
    {
        root = Directory.CreateDirectory(Path.Combine(root, name)).FullName;
        Api.UseScratch(root);
        var database = pg.ConnectionString("nasarena_" + name.Replace('-', '_'));
        await CreateDatabaseAsync(pg, "nasarena_" + name.Replace('-', '_'));
        Dictionary<string, string> Env(string node) => new()
        {
            ["Database__Provider"] = "Postgres",
            // Its accounts are made over HTTP, none of them admin: every user may create (ADR 0031).
            ["Competitions__Creation"] = "Anyone",
            ["Database__ConnectionString"] = database,
            ["Storage__Kind"] = "s3",
            ["Storage__S3Endpoint"] = s3.Endpoint,
            ["Storage__S3AccessKey"] = "S3RVER",
            ["Storage__S3SecretKey"] = "S3RVER",
            ["Storage__S3Bucket"] = "faults-" + name,
            ["Storage__ScratchDir"] = Path.Combine(root, "scratch-" + node),
            ["NasArena__SeedDemo"] = "false",
            // No SMTP server: new users' verification links are read back from here (Api.NewUserAsync; ADR 0028).
            ["Mail__PickupDirectory"] = Api.MailFolder(root),
            // The bursts submit from one address far faster than any person: the platform's limits are not under test here.
            ["RateLimits__Submissions__PerIp"] = "100000000",
            ["RateLimits__Submissions__PerAccount"] = "100000000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Jobs__HeartbeatInterval"] = "00:00:05",
            ["Jobs__HeartbeatTimeout"] = "00:00:30",
            ["Jobs__WatchdogInterval"] = $"00:00:{WatchdogSeconds:00}",
            ["Jobs__AbandonedUploadAfter"] = "00:00:30",
            ["Jobs__RequeueAfter"] = "00:02:00",
        };
        Dictionary<string, string> EnvWith(string node)
        {
            var env = Env(node);
            foreach (var (k, v) in settings ?? new Dictionary<string, string>())
            {
                env[k] = v;
            }
            return env;
        }
        var bin = (string project) => Path.Combine(repo, "src", project, "bin", configuration, "net10.0", project + ".dll");
        var webEnv = EnvWith("web");
        webEnv["NasArena__Mode"] = "web";
        await Node.RunToEndAsync(bin("NasArena.Web"), webEnv, "migrate");
        var port = Os.FreePort();
        var web = new Node("web", bin("NasArena.Web"), webEnv, ["--urls", $"http://127.0.0.1:{port}"]);
        var workers = Enumerable.Range(1, processes).Select(i =>
        {
            var env = EnvWith($"worker{i}");
            env["Worker__Queues__0"] = "cpu";
            env["Worker__Queues__1"] = "gpu";
            env["Worker__Count"] = perWorker.ToString(System.Globalization.CultureInfo.InvariantCulture);
            env["Worker__Name"] = $"worker{i}";
            return new Node($"worker{i}", bin("NasArena.Worker"), env, []);
        }).ToArray();
        var cluster = new Cluster(web, workers, new Uri($"http://127.0.0.1:{port}"), database, root);
        web.Start();
        foreach (var w in workers)
        {
            w.Start();
        }
        await cluster.WaitForWebAsync();
        return cluster;
    }

    private static async Task CreateDatabaseAsync(Postgres pg, string name)
    {
        await using var connection = new Npgsql.NpgsqlConnection(pg.AdminConnectionString);
        await connection.OpenAsync();
        await new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
    }

    public async Task WaitForWebAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(Url, "/healthz"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The web process did not answer /healthz within 120 s.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// What the platform left on its scratch disks: every file inside a process folder (an idle platform has none), and
    /// every process folder whose lock nobody holds (its process is gone).
    /// </summary>
    public int LeftoverFiles()
    {
        var count = 0;
        foreach (var folders in Directory.GetDirectories(Root, "scratch-*").Select(d => Path.Combine(d, "processes")).Where(Directory.Exists))
        {
            foreach (var dir in Directory.GetDirectories(folders))
            {
                count += Directory.GetFiles(dir, "*", SearchOption.AllDirectories).Length;
                try
                {
                    using var probe = new FileStream(dir + ".lock", FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                    count++; // nobody holds it: a dead process's folder
                }
                catch (IOException)
                {
                }
            }
        }
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        Web.Dispose();
        foreach (var w in Workers)
        {
            w.Dispose();
        }
        await Task.CompletedTask;
    }
}
