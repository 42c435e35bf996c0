using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Benchmarks.Platform;

/// <summary>
/// The real web process (NasArena.Web.dll, Release build) started as a child, configured like production; in mode
/// embedded the all-in-one (NasArena.AllInOne.dll), which ships the heavy track kinds the web image lacks.
/// </summary>
public sealed class WebProcess : IDisposable
{
    public Process Process { get; }
    public Uri Url { get; }

    private WebProcess(Process process, Uri url)
    {
        Process = process;
        Url = url;
    }

    public static string Dll(string repo, IDictionary<string, string> env)
    {
        var project = env.TryGetValue("NasArena__Mode", out var mode) && mode == "web" ? "NasArena.Web" : "NasArena.AllInOne";
        return Path.Combine(repo, "src", project, "bin", "Release", "net10.0", project + ".dll");
    }

    public static Dictionary<string, string> ProductionEnv(string database, string s3, string scratch) => new()
    {
        ["Database__Provider"] = "Postgres",
        ["Database__ConnectionString"] = database,
        ["Storage__Kind"] = "s3",
        ["Storage__S3Endpoint"] = s3,
        ["Storage__S3AccessKey"] = "S3RVER",
        ["Storage__S3SecretKey"] = "S3RVER",
        ["Storage__S3Bucket"] = "bench" + Guid.NewGuid().ToString("N")[..12],
        ["Storage__ScratchDir"] = scratch,
        // No SMTP server: new users' verification links are read back from here (Api.NewUserAsync; ADR 0028).
        ["Mail__PickupDirectory"] = Api.MailFolder(scratch),
        ["NasArena__SeedDemo"] = "false",
        // Each run's organizer is a new account: let it create the benchmark's competitions (ADR 0031).
        ["Competitions__Creation"] = "Anyone",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    public static async Task RunToEndAsync(string repo, IDictionary<string, string> env, params string[] args)
    {
        using var p = Start(repo, env, args);
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"NasArena.Web {string.Join(' ', args)} exited with {p.ExitCode}: {await p.StandardError.ReadToEndAsync()}");
        }
    }

    private static Process Start(string repo, IDictionary<string, string> env, string[] args)
    {
        var dll = Dll(repo, env);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"Build the web process first: dotnet build -c Release src/NasArena.AllInOne ({dll} is missing).");
        }
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        // The load generators register, sign in and submit for many users from 127.0.0.1: the rate limits (ADR 0027)
        // would measure themselves, so they are raised far above any load here (a run's env may still set them).
        foreach (var kind in new[] { "SignIn", "Registration", "Tokens", "Submissions" })
        {
            start.Environment[$"RateLimits__{kind}__PerIp"] = "100000000";
            start.Environment[$"RateLimits__{kind}__PerAccount"] = "100000000";
        }
        foreach (var (key, value) in env)
        {
            start.Environment[key] = value;
        }
        return Process.Start(start)!;
    }

    public static async Task<WebProcess> StartAsync(string repo, IDictionary<string, string> env)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var url = new Uri($"http://127.0.0.1:{port}");
        var process = Start(repo, env, ["--urls", url.ToString()]);
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(new Uri(url, "/healthz"))).IsSuccessStatusCode)
                {
                    return new WebProcess(process, url);
                }
            }
            catch (HttpRequestException)
            {
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException("The web process did not start.");
            }
            await Task.Delay(200);
        }
    }

    /// <summary>Resident memory now and at its peak since the last reset (Linux /proc).</summary>
    public (long RssBytes, long PeakBytes) Memory()
    {
        long Read(string key) => long.Parse(File.ReadAllLines($"/proc/{Process.Id}/status").First(l => l.StartsWith(key + ":"))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        return (Read("VmRSS"), Read("VmHWM"));
    }

    /// <summary>Resets the peak resident size (VmHWM) to the current one.</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{Process.Id}/clear_refs", "5");

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill(entireProcessTree: true);
            Process.WaitForExit();
        }
        Process.Dispose();
    }
}
