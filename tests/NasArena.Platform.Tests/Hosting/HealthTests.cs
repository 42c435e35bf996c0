using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Health;
using NasArena.Platform.Tests.Configuration;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Hosting;

/// <summary>
/// /healthz (the process is up) and /readyz (its dependencies answer), on the web and on the worker's health listener,
/// against the real servers: PostgreSQL with an S3 server of this class's own, stopped to make object storage unreachable.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HealthTests : IAsyncLifetime
{
    private S3Server _s3 = null!;
    private string _dir = null!;
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        _dir = Directory.CreateTempSubdirectory("nasarena-health").FullName;
        _s3 = new S3Server(TestServers.RepoRoot, _dir);
        await _s3.StartAsync();
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task TheWebIsReadyWhileItsDependenciesAnswerAndNotReadyNamingObjectStorageWhenThatStops()
    {
        await using var host = await PlatformHost.StartAsync(Stack.PostgresS3, new Dictionary<string, string?> { ["Storage:S3Endpoint"] = _s3.Endpoint });
        var ready = await ReadyWhenAsync(host.BaseAddress, HttpStatusCode.OK, "ready");
        Assert.Equal("Healthy", (string?)ready["checks"]![NasArenaHealth.Database]!["status"]);
        Assert.Equal("Healthy", (string?)ready["checks"]![NasArenaHealth.ObjectStorage]!["status"]);
        Assert.Equal("Healthy", (string?)ready["checks"]![NasArenaHealth.Queues]!["status"]); // the embedded mode runs the job server

        _s3.Stop();
        try
        {
            var response = await Http.GetAsync(new Uri(host.BaseAddress, NasArenaHealth.ReadyPath));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            var report = JsonNode.Parse(body)!;
            Assert.Equal("Unhealthy", (string?)report["checks"]![NasArenaHealth.ObjectStorage]!["status"]);
            Assert.Equal("object storage is unreachable", (string?)report["checks"]![NasArenaHealth.ObjectStorage]!["description"]);
            Assert.Equal("Healthy", (string?)report["checks"]![NasArenaHealth.Database]!["status"]);
            Assert.DoesNotContain("127.0.0.1", body); // the answer is public (behind the Ingress): no addresses
            // Liveness does not follow the dependency: restarting the pod would cure nothing.
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(host.BaseAddress, NasArenaHealth.LivePath))).StatusCode);
        }
        finally
        {
            await _s3.StartAsync();
        }
        await ReadyWhenAsync(host.BaseAddress, HttpStatusCode.OK, "ready again after object storage came back");
    }

    [Fact]
    public async Task TheEmbeddedStackOnSqliteAndDiskIsReady()
    {
        await using var host = await PlatformHost.StartAsync(Stack.SqliteDisk);
        var ready = await ReadyWhenAsync(host.BaseAddress, HttpStatusCode.OK, "ready");
        Assert.Equal("Healthy", (string?)ready["status"]);
    }

    [Fact]
    public async Task AWorkerAnswersOnItsHealthPortReadyWhenItServesItsQueuesAndNotReadyWithoutObjectStorage()
    {
        var connection = await TestServers.NewPostgresDatabaseAsync();
        var port = Os.FreePort();
        var environment = new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Postgres",
            ["Database__ConnectionString"] = connection,
            ["Storage__Kind"] = "s3",
            ["Storage__S3Endpoint"] = _s3.Endpoint,
            ["Storage__S3AccessKey"] = "S3RVER",
            ["Storage__S3SecretKey"] = "S3RVER",
            ["Storage__S3Bucket"] = "t" + Guid.NewGuid().ToString("N")[..16],
            ["Storage__ScratchDir"] = Path.Combine(_dir, "scratch"),
            ["Worker__HealthPort"] = port.ToString(),
            ["Worker__Count"] = "1",
            ["NASARENA_SECRETS_DIR"] = Path.Combine(_dir, "no-secrets"),
        };
        // As the Kubernetes pods run: the migrate Job, then each pod's wait-for-migrations init container, then the worker.
        var web = Path.Combine(AppContext.BaseDirectory, "NasArena.Web.dll");
        foreach (var step in new[] { "migrate", "wait-for-migrations" })
        {
            await using var run = ChildProcess.Start(_dir, $"exec dotnet \"{web}\" {step}", environment);
            var exit = await run.WaitForExitAsync(step, TimeSpan.FromMinutes(3));
            Assert.True(exit == 0, $"{step}: exit {exit}\n{run.Output}");
        }
        await using var worker = ChildProcess.Start(_dir, $"exec dotnet \"{WorkerChecks.WorkerDll()}\"", environment);
        var address = new Uri($"http://127.0.0.1:{port}");
        var ready = await ReadyWhenAsync(address, HttpStatusCode.OK, "the worker ready", worker);
        Assert.Equal("serving cpu, gpu", (string?)ready["checks"]![NasArenaHealth.Queues]!["description"]);

        _s3.Stop();
        try
        {
            var response = await Http.GetAsync(new Uri(address, NasArenaHealth.ReadyPath));
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, body);
            Assert.Equal("Unhealthy", (string?)JsonNode.Parse(body)!["checks"]![NasArenaHealth.ObjectStorage]!["status"]);
            Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri(address, NasArenaHealth.LivePath))).StatusCode);
        }
        finally
        {
            await _s3.StartAsync();
        }
    }

    /// <summary>Polls /readyz until it answers <paramref name="status"/> (a start takes its time; no timing is asserted).</summary>
    private static async Task<JsonNode> ReadyWhenAsync(Uri address, HttpStatusCode status, string what, ChildProcess? process = null)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var last = "no answer";
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(process?.HasExited == true, $"The process exited before it was {what}:\n{process?.Output}");
            try
            {
                var response = await Http.GetAsync(new Uri(address, NasArenaHealth.ReadyPath));
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
                if (response.StatusCode == status)
                {
                    return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }
            await Task.Delay(500);
        }
        throw new Xunit.Sdk.XunitException($"Not {what} within 3 minutes; last answer: {last}\n{process?.Output}");
    }
}
