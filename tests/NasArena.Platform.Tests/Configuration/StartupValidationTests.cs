using NasArena.Platform.Configuration;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Configuration;

/// <summary>A wrong or missing setting stops the start with a message naming its key, before anything is served or migrated.</summary>
[Trait("Category", "Integration")]
public sealed class StartupValidationTests
{
    [Fact]
    public async Task AWebProcessWithAWrongDatabaseProviderStopsAtStartNamingTheKey()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-badconfig").FullName;
        try
        {
            // The real web process as a deployment starts it, configured by environment variables.
            var web = Path.Combine(AppContext.BaseDirectory, "NasArena.Web.dll");
            await using var process = ChildProcess.Start(dir, $"exec dotnet \"{web}\" --urls http://127.0.0.1:0", new Dictionary<string, string?>
            {
                ["NasArena__Mode"] = "web", // as the web image runs (it ships no heavy track kind for mode embedded)
                ["Database__Provider"] = "x",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(dir, "nasarena.db")}",
                ["Jobs__SqliteStorage"] = Path.Combine(dir, "hangfire.db"),
                ["Storage__DiskRoot"] = Path.Combine(dir, "objects"),
                ["Storage__ScratchDir"] = Path.Combine(dir, "scratch"),
                ["NasArena__SeedDemo"] = "false",
                ["Storage__Kind"] = "s3", // a second faulty section: every fault is named, not only the first
            });
            var exit = await process.WaitForExitAsync("a start with Database__Provider=x", TimeSpan.FromMinutes(2));
            Assert.True(exit == 2, $"exit {exit}, expected 2. Output:\n{process.Output}");
            Assert.Contains("`Database:Provider` must be one of sqlite, postgres; got 'x'.", process.Output);
            Assert.Contains("`Storage:S3Endpoint`", process.Output);
            Assert.DoesNotContain("   at ", process.Output); // a message for whoever deploys, not a stack trace
            Assert.False(File.Exists(Path.Combine(dir, "nasarena.db")), "The start created a database although its settings were wrong.");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Issue 23 (ADR 0027): the rate limits and the trusted proxies are checked before anything is served.</summary>
    [Fact]
    public async Task WrongRateLimitsAndProxiesStopTheStartNamingEachKey()
    {
        var e = await Assert.ThrowsAnyAsync<Exception>(() => PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?>
        {
            ["RateLimits:SignIn:PerIp"] = "0",
            ["RateLimits:Tokens:Window"] = "00:00:00",
            ["ForwardedHeaders:KnownProxies:0"] = "not-an-address",
            ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/33",
        }));
        var failures = string.Join("\n", OptionsSetup.Failures(e) ?? throw e);
        Assert.Contains("`RateLimits:SignIn:PerIp` must be at least 1; got '0'.", failures);
        Assert.Contains("`RateLimits:Tokens:Window` must be a positive duration", failures);
        Assert.Contains("`ForwardedHeaders:KnownProxies:0` must be an IP address such as 10.0.0.12; got 'not-an-address'.", failures);
        Assert.Contains("`ForwardedHeaders:KnownNetworks:0` must be a network in CIDR notation such as 10.0.0.0/8; got '10.0.0.0/33'.", failures);
    }

    [Fact]
    public async Task AWorkerProcessWithAWrongDatabaseProviderStopsAtStartNamingTheKey()
    {
        var dir = Directory.CreateTempSubdirectory("nasarena-badconfig").FullName;
        try
        {
            // The worker of the same build (scripts/test.sh builds the solution), started as a deployment starts it.
            var configuration = AppContext.BaseDirectory.Contains("/bin/Release/") ? "Release" : "Debug";
            var worker = Path.Combine(TestServers.RepoRoot, "src", "NasArena.Worker", "bin", configuration, "net10.0", "NasArena.Worker.dll");
            Assert.True(File.Exists(worker), $"{worker} is missing: build the solution first.");
            await using var process = ChildProcess.Start(dir, $"exec dotnet \"{worker}\"", new Dictionary<string, string?>
            {
                ["Database__Provider"] = "x",
                ["Database__ConnectionString"] = $"Data Source={Path.Combine(dir, "nasarena.db")}",
                ["Storage__Kind"] = "disk",
                ["Storage__DiskRoot"] = Path.Combine(dir, "objects"),
                ["Storage__ScratchDir"] = Path.Combine(dir, "scratch"),
            });
            var exit = await process.WaitForExitAsync("a worker start with Database__Provider=x", TimeSpan.FromMinutes(2));
            Assert.True(exit == 2, $"exit {exit}, expected 2. Output:\n{process.Output}");
            Assert.Contains("The NasArena worker did not start: the configuration is wrong.", process.Output);
            Assert.Contains("`Database:Provider` must be one of sqlite, postgres; got 'x'.", process.Output);
            Assert.DoesNotContain("   at ", process.Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Storage:Kind", "s3", "`Storage:S3Endpoint` must be the S3 server's http(s) URL when `Storage:Kind` is s3; got ''.")]
    [InlineData("Storage:Kind", "tape", "`Storage:Kind` must be one of disk, s3; got 'tape'.")]
    [InlineData("NasArena:Mode", "worker", "`NasArena:Mode` must be one of embedded, web; got 'worker'.")]
    [InlineData("Jobs:MaxAttempts", "0", "`Jobs:MaxAttempts` must be at least 1; got '0'.")]
    [InlineData("Worker:Queues:0", "fast", "`Worker:Queues:0` must be one of cpu, gpu; got 'fast'.")]
    [InlineData("Database:ConnectionString", "", "`Database:ConnectionString` is missing")]
    public async Task AWrongOrMissingSettingStopsTheStartNamingItsKey(string key, string value, string message)
    {
        var refused = await Record.ExceptionAsync(() => PlatformHost.StartAsync(Stack.SqliteDisk, new Dictionary<string, string?> { [key] = value }));
        Assert.NotNull(refused);
        var failures = OptionsSetup.Failures(refused);
        Assert.True(failures is not null, $"The start failed otherwise than by validation: {refused}");
        Assert.Contains(failures, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
