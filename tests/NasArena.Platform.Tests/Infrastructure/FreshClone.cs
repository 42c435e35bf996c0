using System.Collections;
using System.Net;
using System.Net.Sockets;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>
/// A fresh `git clone` of the repository the tests run from, at its committed HEAD (uncommitted changes are not in
/// a clone, as for a new user), with the README's first command read from the clone's README. Shared by the tests of
/// its collection, so the first start's build (minutes on 2 cores; NuGet packages come from the warm global cache)
/// is paid once; each test starts from empty runtime data (<see cref="ResetData"/>).
/// </summary>
public sealed class FreshClone : IAsyncLifetime
{
    public const string RunItHeading = "## Run it";

    public string Dir { get; } = Directory.CreateTempSubdirectory("nasarena-fresh-clone").FullName;
    public string RunCommand { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var head = (await Git.RunAsync(TestServers.RepoRoot, "rev-parse", "HEAD")).Trim();
        await Git.RunAsync(Dir, "clone", "--quiet", "--no-checkout", TestServers.RepoRoot, ".");
        await Git.RunAsync(Dir, "checkout", "--quiet", "--detach", head);
        RunCommand = Readme.FirstCommand(await File.ReadAllTextAsync(Path.Combine(Dir, "README.md")), RunItHeading);
    }

    /// <summary>Removes every .data folder (the database, Hangfire's, stored files), keeping the build.</summary>
    public void ResetData()
    {
        foreach (var data in Directory.EnumerateDirectories(Dir, ".data", SearchOption.AllDirectories).ToList())
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The README's first command as written, in the clone, with `--urls` on a free loopback port appended (the run
    /// script passes arguments on; the app takes the last --urls), so a test never collides with a server on 5000.
    /// </summary>
    public (ChildProcess App, Uri Url) Start(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        return (Run($"{RunCommand} --urls {url.ToString().TrimEnd('/')}", environment), url);
    }

    /// <summary>Any command in the clone, in the environment a user's shell would give it.</summary>
    public ChildProcess Run(string command, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var env = UserEnvironment();
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            env[key] = value;
        }
        return ChildProcess.Start(Dir, command, env);
    }

    /// <summary>
    /// This process's environment without what the test run adds (MSBuild and VSTest variables, the suite's server
    /// addresses, configuration overrides), and with no build server left running after a build: MSBuild nodes and the
    /// compiler server would outlive the test and keep a core busy.
    /// </summary>
    private static Dictionary<string, string?> UserEnvironment()
    {
        var env = new Dictionary<string, string?>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || key.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase) || key.StartsWith("NASARENA", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase) || key.Contains("__", StringComparison.Ordinal))
            {
                env[key] = null;
            }
        }
        env["MSBUILDDISABLENODEREUSE"] = "1";
        env["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        env["UseSharedCompilation"] = "false";
        return env;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Task DisposeAsync()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
        }
        return Task.CompletedTask;
    }
}
