using System.Globalization;
using System.Net;
using Benchmarks.Platform;
using Npgsql;

namespace FaultInjection;

/// <summary>
/// Issue 25's fairness experiment (ADR 0046): one worker process with two Hangfire workers, one competition; team one sends
/// a burst of prediction files, then team two sends one. Printed: team two's wait (its QueuedAt to StartedAt), how many of
/// team one's runs started between team two's queueing and its start, and team one's median run length, with fair queues
/// on (cap 2 per team, the default) and off (first come, first served: the switch exists for this comparison only).
/// </summary>
public sealed class Fairness(string repo, string configuration, string root, Postgres pg, S3Server s3, string files)
{
    public async Task<string> RunAsync(int burst, bool fair)
    {
        var name = fair ? "fair-on" : "fair-off";
        await using var cluster = await Cluster.StartAsync(repo, configuration, root, pg, s3, name, processes: 1, perWorker: 2,
            settings: new Dictionary<string, string> { ["FairQueues__Enabled"] = fair ? "true" : "false" });
        var work = await Workload.SetUpAsync(cluster.Url, files);
        var second = await work.NewTeamAsync(cluster.Url, "second-team");
        var first = new List<Guid>();
        using (var gate = new SemaphoreSlim(8))
        {
            await Task.WhenAll(Enumerable.Range(0, burst).Select(async _ =>
            {
                await gate.WaitAsync();
                try
                {
                    var id = await IdOf(work.SubmitPredictionAsync());
                    lock (first)
                    {
                        first.Add(id);
                    }
                }
                finally
                {
                    gate.Release();
                }
            }));
        }
        var theirs = await IdOf(work.SubmitPredictionAsync(second));
        var rows = await WaitForFinalAsync(cluster.Database, first.Append(theirs).ToList(), TimeSpan.FromMinutes(30));
        var b = rows[theirs];
        var wait = (b.Started - b.Queued).TotalSeconds;
        var between = first.Count(id => rows[id].Started > b.Queued && rows[id].Started < b.Started);
        var lengths = first.Select(id => (rows[id].Finished - rows[id].Started).TotalSeconds).Order().ToList();
        return string.Create(CultureInfo.InvariantCulture,
            $"fairness: fair_queues={(fair ? "on" : "off")} workers=1x2 burst={burst} second_team_wait_s={wait:0.0} " +
            $"first_team_runs_started_meanwhile={between} first_team_run_p50_s={lengths[lengths.Count / 2]:0.00} " +
            $"scored={rows.Values.Count(r => r.Status == "Scored")}/{rows.Count}");
    }

    private static async Task<Guid> IdOf(Task<HttpResponseMessage> submit)
    {
        var response = await submit;
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException($"A submission was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return Guid.Parse((await Api.Json(Task.FromResult(response)))["id"]!.GetValue<string>());
    }

    private sealed record Row(string Status, DateTime Queued, DateTime Started, DateTime Finished);

    private static async Task<Dictionary<Guid, Row>> WaitForFinalAsync(string database, List<Guid> ids, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        while (true)
        {
            var rows = new Dictionary<Guid, Row>();
            await using (var cmd = new NpgsqlCommand(
                """SELECT "Id", "Status", "QueuedAt", "StartedAt", "FinishedAt" FROM "Submissions" WHERE "Id" = ANY(@ids) AND "FinishedAt" IS NOT NULL""",
                connection))
            {
                cmd.Parameters.AddWithValue("ids", ids.ToArray());
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    rows[r.GetGuid(0)] = new Row(r.GetString(1), r.IsDBNull(2) ? DateTime.MinValue : r.GetDateTime(2),
                        r.IsDBNull(3) ? DateTime.MinValue : r.GetDateTime(3), r.GetDateTime(4));
                }
            }
            if (rows.Count == ids.Count)
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{ids.Count - rows.Count} submissions were not final within {patience.TotalMinutes:0} minutes.");
            }
            await Task.Delay(250);
        }
    }
}
