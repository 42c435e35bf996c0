using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Tests.UnseenData;

namespace NasArena.Attacks.Tests.Sandbox;

/// <summary>
/// Issue 23, item 13 / build 9: with the phase's hideLogs, nothing a package prints or raises reaches its participant:
/// not the logs, not the phase text it writes on the status channel, not its exception's message; the reason shown is
/// the platform's own sentence. Organizers still see all of it. A real package in the real sandbox, read through the API.
/// </summary>
public abstract class HiddenLogsAttackTests(PlatformHost host)
{
    private const string Marker = "SECRET-7f3a";

    /// <summary>The baseline kit whose data processor leaks the marker through every channel, then raises on the data sets chosen.</summary>
    private static Dictionary<string, string> LeakingPackage(string raiseWhen) => new()
    {
        ["data_processor.py"] = $$"""
            import os
            import sys

            import numpy as np
            import torch
            from torch.utils.data import DataLoader, TensorDataset


            class DataProcessor:
                def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
                    self.arrays = (train_x, train_y, valid_x, valid_y, test_x)
                    self.metadata = metadata

                def process(self):
                    print("{{Marker}}-stdout", flush=True)
                    print("{{Marker}}-stderr", file=sys.stderr, flush=True)
                    status_fd = int(sys.argv[sys.argv.index("--status-fd") + 1])
                    os.write(status_fd, b'{"phase": "{{Marker}}-phase"}\n')
                    if {{raiseWhen}}:
                        raise ValueError("{{Marker}}-exception " + "x" * 1900)
                    train_x, train_y, valid_x, valid_y, test_x = self.arrays
                    f = lambda a: torch.from_numpy(a.astype(np.float32))
                    i = lambda a: torch.from_numpy(a.astype(np.int64))
                    return (DataLoader(TensorDataset(f(train_x), i(train_y)), batch_size=128, shuffle=True),
                            DataLoader(TensorDataset(f(valid_x), i(valid_y)), batch_size=512),
                            DataLoader(TensorDataset(f(test_x)), batch_size=512, shuffle=False))
            """,
    };

    [Fact]
    public async Task APackageCannotShowItsOwnTextToParticipantsWhenThePhaseHidesLogs()
    {
        var scenario = await UnseenDataScenario.CreateAsync(host, phaseOverrides: new
        {
            slug = "stage-1",
            title = "Stage 1",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(30),
            dailyLimit = 20,
            totalLimit = 100,
            primaryMetric = "score",
            hideLogs = true,
        });
        var folder = Directory.CreateTempSubdirectory("nasarena-leak").FullName;

        // Scored on one data set, failed on the other: the failure's reason sits in the details.
        var partly = await SubmitAsync(scenario, folder, "self.metadata['dataset_index'] == 0");
        var partlySeen = await scenario.Participant.WaitForFinalAsync(partly, TimeSpan.FromMinutes(5));
        Assert.Equal("Scored", partlySeen["status"]!.GetValue<string>());
        // Failed on every data set: the rejection's message is the failure reason.
        var failed = await SubmitAsync(scenario, folder, "True");
        var failedSeen = await scenario.Participant.WaitForFinalAsync(failed, TimeSpan.FromMinutes(5));
        Assert.Equal("Failed", failedSeen["status"]!.GetValue<string>());

        foreach (var seen in new[] { partlySeen, failedSeen, await scenario.Participant.GetJsonAsync($"phases/{scenario.PhaseId}/submissions/mine") })
            Assert.DoesNotContain(Marker, seen.ToJsonString());
        Assert.Contains("the package raised an error", failedSeen["failureReason"]!.GetValue<string>());
        var reasons = partlySeen["details"]!["datasets"]!.AsArray().Select(d => d!["reason"]?.GetValue<string>()).OfType<string>().ToList();
        Assert.Contains(reasons, r => r.Contains("the package raised an error", StringComparison.Ordinal));

        // The organizers see what the package said.
        var organizerPartly = (await scenario.Organizer.GetJsonAsync($"submissions/{partly}")).ToJsonString();
        var organizerFailed = (await scenario.Organizer.GetJsonAsync($"submissions/{failed}")).ToJsonString();
        Assert.Contains($"{Marker}-exception", organizerPartly);
        Assert.Contains($"{Marker}-stdout", organizerPartly);
        Assert.Contains($"{Marker}-exception", organizerFailed);
    }

    private static async Task<Guid> SubmitAsync(UnseenDataScenario scenario, string folder, string raiseWhen)
    {
        var zip = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".zip");
        UnseenDataScenario.WritePackage(zip, "baseline", LeakingPackage(raiseWhen));
        var created = await ApiClient.ExpectAsync(await scenario.Participant.SubmitAsync(scenario.PhaseId, "package.zip", await File.ReadAllBytesAsync(zip)),
            HttpStatusCode.Accepted);
        return Guid.Parse(created["id"]!.GetValue<string>());
    }
}

[Collection(SqliteAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class HiddenLogsAttackTestsOnSqlite(SqliteDiskHost fixture) : HiddenLogsAttackTests(fixture.Host);

[Collection(PostgresAttacks.Name)]
[Trait("Category", "Integration")]
public sealed class HiddenLogsAttackTestsOnPostgres(PostgresS3Host fixture) : HiddenLogsAttackTests(fixture.Host);
