using System.Net;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.UnseenData;

namespace NasArena.Attacks.Tests.Sandbox;

/// <summary>
/// Issue 23, item 9 / build 5: anyone who signs up can organize a competition, and its track's sandbox settings reach
/// the shared workers. The operator's ceilings (configuration section Sandbox, defaults here) hold when settings are
/// saved, and again on the worker for settings stored before a ceiling was lowered.
/// </summary>
public abstract class SandboxCeilingAttackTests(PlatformHost host)
{
    [Fact]
    public async Task ASelfMadeOrganizerCannotSaveSandboxSettingsAboveThePlatformsCeilings()
    {
        // Any organizer (self-made where Competitions:Creation is Anyone, ADR 0031): the ceilings hold whoever creates.
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var slug = "ceil-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Ceilings", rules = "Be fair." }, HttpStatusCode.Created);

        async Task<string> RefusedAsync(object settings)
        {
            var response = await organizer.PostAsync($"competitions/{slug}/tracks",
                new { slug = "t-" + Guid.NewGuid().ToString("N")[..8], title = "Unseen", kind = "UnseenData", settings });
            var problem = await ApiClient.ExpectAsync(response, HttpStatusCode.BadRequest);
            return problem["detail"]!.GetValue<string>();
        }

        Assert.Equal("Track setting 'memoryLimitBytes' is 1099511627776; the platform's ceiling is 17179869184 (Sandbox:MaxMemoryBytes).",
            await RefusedAsync(new { memoryLimitBytes = 1L << 40 }));
        Assert.Equal("Track setting 'timeLimitSeconds' is 86400; the platform's ceiling is 7200 (Sandbox:MaxTimeLimitSeconds).",
            await RefusedAsync(new { timeLimitSeconds = 86400 }));
        Assert.Equal("Track setting 'outputLimitBytes' is 109951162777600; the platform's ceiling is 4294967296 (Sandbox:MaxOutputBytes).",
            await RefusedAsync(new { outputLimitBytes = 100L << 40 }));
        Assert.Equal("Track setting 'maxProcesses' is 1048576; the platform's ceiling is 1024 (Sandbox:MaxProcesses).",
            await RefusedAsync(new { maxProcesses = 1 << 20 }));
        Assert.Equal("Track setting 'cpuCores' is 0; it must be above 0 (0 would leave the CPU uncapped) and at most the platform's ceiling of 8 (Sandbox:MaxCpuCores).",
            await RefusedAsync(new { cpuCores = 0 }));
        Assert.Equal("Track setting 'dockerGpus' is \"all\"; the platform allows at most 1 GPU per run (Sandbox:MaxDockerGpus): \"\", a count such as \"1\", or \"device=0\".",
            await RefusedAsync(new { dockerGpus = "all" }));
        Assert.Equal("Track setting 'dockerImage' is \"attacker/miner:latest\"; the platform allows only nasarena/unseen-sandbox:latest (Sandbox:DockerImages).",
            await RefusedAsync(new { dockerImage = "attacker/miner:latest" }));
        Assert.Equal("Track setting 'pythonPath' is \"/bin/sh\"; the platform allows only /usr/bin/python3 (Sandbox:PythonPaths).",
            await RefusedAsync(new { pythonPath = "/bin/sh" }));
        // A phase's overrides are settings too.
        Assert.Equal("Track setting 'phases.final.memoryLimitBytes' is 1099511627776; the platform's ceiling is 17179869184 (Sandbox:MaxMemoryBytes).",
            await RefusedAsync(new { phases = new { final = new { memoryLimitBytes = 1L << 40 } } }));

        // An update is checked like a creation; values within the ceilings are saved.
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "ok",
            title = "Unseen",
            kind = "UnseenData",
            settings = new { memoryLimitBytes = 4L << 30, cpuCores = 2, dockerGpus = "1" }
        }, HttpStatusCode.Created);
        var update = await organizer.PutAsync($"competitions/{slug}/tracks/ok", new { title = "Unseen", kind = "UnseenData", settings = new { maxProcesses = 1 << 20 } });
        await ApiClient.ExpectAsync(update, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ASettingStoredBeforeACeilingWasLoweredDoesNotRunAboveIt()
    {
        var scenario = await UnseenDataScenario.CreateAsync(host);
        // As if saved under an earlier, higher ceiling: the row is written directly.
        await host.DbAsync(async db =>
        {
            var track = await db.Tracks.SingleAsync(t => t.Competition!.Slug == scenario.Slug);
            track.SettingsJson = """{"timeLimitSeconds": 15, "memoryLimitBytes": 1099511627776}""";
            return await db.SaveChangesAsync();
        });
        var zip = Path.Combine(Directory.CreateTempSubdirectory("nasarena-ceiling").FullName, "sample.zip");
        UnseenDataScenario.WritePackage(zip, "sample");
        var created = await ApiClient.ExpectAsync(await scenario.Participant.SubmitAsync(scenario.PhaseId, "sample.zip", await File.ReadAllBytesAsync(zip)),
            HttpStatusCode.Accepted);
        var final = await scenario.Participant.WaitForFinalAsync(Guid.Parse(created["id"]!.GetValue<string>()), TimeSpan.FromMinutes(5));

        Assert.Equal("Failed", final["status"]!.GetValue<string>());
        Assert.Contains("Track setting 'memoryLimitBytes' is 1099511627776; the platform's ceiling is 17179869184 (Sandbox:MaxMemoryBytes).",
            final["failureReason"]!.GetValue<string>());
        Assert.False(final["countsAgainstQuota"]!.GetValue<bool>(), "The organizer's setting, not the participant's package, failed the run.");
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SandboxCeilingAttackTestsOnSqlite(SqliteDiskHost fixture) : SandboxCeilingAttackTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class SandboxCeilingAttackTestsOnPostgres(PostgresS3Host fixture) : SandboxCeilingAttackTests(fixture.Host);
