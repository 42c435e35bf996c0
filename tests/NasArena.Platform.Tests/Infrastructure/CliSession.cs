using System.Text.Json.Nodes;

namespace NasArena.Platform.Tests.Infrastructure;

/// <summary>The Python client (clients/python/nasarena.py) signed in with a user's API token, in a folder of its own.</summary>
public sealed record CliSession(string Dir, string Config)
{
    public static string Client => Path.Combine(TestServers.RepoRoot, "clients", "python", "nasarena.py");

    public static CliSession For(PlatformHost host, ApiClient user)
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-cli").FullName;
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, new JsonObject { ["url"] = host.BaseAddress.ToString().TrimEnd('/'), ["token"] = user.Token }.ToJsonString());
        return new CliSession(dir, config);
    }

    public string PathOf(string file) => Path.Combine(Dir, file);

    public Task<Python.Result> RunAsync(params string[] args) => Python.RunAsync(Dir, null, [Client, "--config", Config, .. args]);

    /// <summary>The id the client prints first on the line of a new submission.</summary>
    public static Guid SubmissionId(Python.Result submit) =>
        Guid.Parse(submit.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', 2)[0]);
}
