using System.Diagnostics;
using System.Globalization;
using System.Net;
using Benchmarks.Platform;

namespace FaultInjection;

/// <summary>The five experiments of issue 8, each on a fresh database and fresh processes; each prints one line of counts.</summary>
public sealed class Experiments(string repo, string configuration, string root, Postgres pg, S3Server s3, string files)
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3 * Cluster.WatchdogSeconds);

    private async Task<(Cluster Cluster, Workload Work, Ledger Ledger)> StartAsync(string name)
    {
        var cluster = await Cluster.StartAsync(repo, configuration, root, pg, s3, name);
        try
        {
            var work = await Workload.SetUpAsync(cluster.Url, files);
            return (cluster, work, new Ledger(cluster.Database));
        }
        catch
        {
            await cluster.DisposeAsync(); // no process outlives a failed set-up
            throw;
        }
    }

    private static async Task AcceptAsync(Ledger ledger, Task<HttpResponseMessage> submit)
    {
        var response = await submit;
        if (response.StatusCode == HttpStatusCode.Accepted)
        {
            ledger.Accepted.Add(Guid.Parse((await Api.Json(Task.FromResult(response)))["id"]!.GetValue<string>()));
        }
    }

    /// <summary>Waits until every accepted submission is final (or the deadline: then they are stuck), then lets the watchdog tidy.</summary>
    private static async Task<string> FinishAsync(string name, Cluster cluster, Ledger ledger, TimeSpan patience, string extra = "")
    {
        var deadline = DateTime.UtcNow + patience;
        while (DateTime.UtcNow < deadline && ledger.Accepted.Any(id => !ledger.Submissions.TryGetValue(id, out var r) || !IsFinal(r.Status)))
        {
            await Task.Delay(500);
        }
        await Task.Delay(Settle);
        await ledger.PollOnceAsync(CancellationToken.None);
        var rows = ledger.Accepted.Select(id => ledger.Submissions.GetValueOrDefault(id)).ToList();
        var lost = rows.Count(r => r is null);
        var stuck = rows.Count(r => r is not null && !IsFinal(r.Status));
        var scored = rows.Count(r => r?.Status == "Scored");
        var platformFailed = rows.Where(r => r is { Status: "Failed", Counts: false }).ToList();
        var leftoverRows = await LeftoverRowsAsync(cluster);
        var line = $"{name}: accepted={ledger.Accepted.Count} scored={scored} requeues={ledger.Requeues} lost={lost} double={ledger.Double} " +
            $"stuck={stuck} platform_failed={platformFailed.Count} leftover_files={cluster.LeftoverFiles() + leftoverRows}{extra}";
        foreach (var (label, values) in new[] { ("kill_to_requeued_s", ledger.KillToRequeued), ("kill_to_running_s", ledger.KillToRunning) })
        {
            var times = values.Order().ToList();
            if (times.Count > 0)
            {
                line += string.Create(CultureInfo.InvariantCulture, $" {label}: n={times.Count} p50={times[times.Count / 2]:0.0} max={times[^1]:0.0}");
            }
        }
        foreach (var r in platformFailed.Take(3))
        {
            line += $"\n  platform_failed reason: {r!.Reason}";
        }
        return line;
    }

    private static bool IsFinal(string status) => status is "Scored" or "Failed" or "Cancelled";

    /// <summary>Rows nobody needs any more: uploads that never completed, shards of ended submissions.</summary>
    private static async Task<int> LeftoverRowsAsync(Cluster cluster)
    {
        await using var connection = new Npgsql.NpgsqlConnection(cluster.Database);
        await connection.OpenAsync();
        var sql = """
            SELECT (SELECT COUNT(*) FROM "Submissions" WHERE "Status" = 'Uploading')
                 + (SELECT COUNT(*) FROM "Shards" h JOIN "Submissions" s ON s."Id" = h."SubmissionId" WHERE s."Status" IN ('Scored', 'Failed', 'Cancelled'))
            """;
        return Convert.ToInt32(await new Npgsql.NpgsqlCommand(sql, connection).ExecuteScalarAsync());
    }

    /// <summary>A burst of sharded supernet submissions on two workers, nothing killed: all scored, none requeued.</summary>
    public async Task<string> BurstAsync(int n)
    {
        var (cluster, work, ledger) = await StartAsync("burst");
        await using (cluster)
        await using (ledger)
        {
            await Task.WhenAll(Enumerable.Range(0, n).Select(_ => AcceptAsync(ledger, work.SubmitSupernetAsync())));
            return await FinishAsync("burst", cluster, ledger, TimeSpan.FromMinutes(15));
        }
    }

    /// <summary>kill -9 of a worker that holds work, every <paramref name="every"/>, restarted a second later, while both kinds flow.</summary>
    public async Task<string> KillsAsync(int kills, int perKind, TimeSpan every)
    {
        var (cluster, work, ledger) = await StartAsync("kills");
        await using (cluster)
        await using (ledger)
        {
            var span = every * kills;
            var feeding = Task.Run(async () =>
            {
                for (var i = 0; i < perKind; i++)
                {
                    await AcceptAsync(ledger, work.SubmitSupernetAsync());
                    await AcceptAsync(ledger, work.SubmitPredictionAsync());
                    await Task.Delay(span / perKind);
                }
            });
            for (var k = 0; k < kills; k++)
            {
                await Task.Delay(every);
                var victim = cluster.Workers[k % cluster.Workers.Length];
                victim.Kill();
                ledger.Killed(ledger.Running);
                await Task.Delay(1000); // a supervisor restarts it
                victim.Start();
            }
            await feeding;
            return await FinishAsync("worker_kills", cluster, ledger, TimeSpan.FromMinutes(15), $" kills={kills}");
        }
    }

    /// <summary>kill -9 of the web process while large uploads stream in, restarted each time.</summary>
    public async Task<string> WebKillsAsync(int kills, long bytes)
    {
        var (cluster, work, ledger) = await StartAsync("web-kills");
        await using (cluster)
        await using (ledger)
        {
            for (var k = 0; k < kills; k++)
            {
                var upload = work.Participant.PostAsync($"phases/{work.SupernetPhase}/submissions",
                    Api.File("big.safetensors", new StreamContent(new PatternStream(bytes), 1 << 16)));
                await Task.Delay(1500);
                cluster.Web.Kill();
                try
                {
                    await upload;
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidOperationException)
                {
                }
                cluster.Web.Start();
                await cluster.WaitForWebAsync();
            }
            await AcceptAsync(ledger, work.SubmitPredictionAsync());
            // Abandoned uploads are removed after Jobs:AbandonedUploadAfter (30 s here) by the watchdog.
            await Task.Delay(TimeSpan.FromSeconds(35));
            return await FinishAsync("web_kills", cluster, ledger, TimeSpan.FromMinutes(5), $" kills={kills}");
        }
    }

    /// <summary>PostgreSQL stopped hard and started again while submissions are being scored.</summary>
    public async Task<string> PostgresRestartAsync(int perKind)
    {
        var (cluster, work, ledger) = await StartAsync("pg-restart");
        await using (cluster)
        await using (ledger)
        {
            for (var i = 0; i < perKind; i++)
            {
                await AcceptAsync(ledger, work.SubmitSupernetAsync());
                await AcceptAsync(ledger, work.SubmitPredictionAsync());
            }
            await WaitUntilAsync(() => ledger.Running.Count > 0, TimeSpan.FromMinutes(2));
            await pg.RestartAsync();
            return await FinishAsync("postgres_restart", cluster, ledger, TimeSpan.FromMinutes(15));
        }
    }

    /// <summary>Object storage down for <paramref name="outage"/> while submissions are scored; uploads sent meanwhile.</summary>
    public async Task<string> StorageOutageAsync(int supernets, TimeSpan outage, int uploadsDuring)
    {
        var (cluster, work, ledger) = await StartAsync("s3-stop");
        await using (cluster)
        await using (ledger)
        {
            for (var i = 0; i < supernets; i++)
            {
                await AcceptAsync(ledger, work.SubmitSupernetAsync());
            }
            await WaitUntilAsync(() => ledger.Running.Count > 0, TimeSpan.FromMinutes(2));
            s3.Stop();
            var watch = Stopwatch.StartNew();
            var statuses = new List<string>();
            for (var i = 0; i < uploadsDuring; i++)
            {
                var response = await work.SubmitPredictionAsync();
                var retryAfter = response.Headers.RetryAfter is null ? "" : "+retry-after";
                statuses.Add((int)response.StatusCode + retryAfter);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    ledger.Accepted.Add(Guid.Parse((await Api.Json(Task.FromResult(response)))["id"]!.GetValue<string>()));
                }
                await Task.Delay(outage / (uploadsDuring + 1));
            }
            var left = outage - watch.Elapsed;
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
            await s3.StartAsync();
            var answered = string.Join(",", statuses.GroupBy(s => s).Select(g => $"{g.Key}x{g.Count()}"));
            return await FinishAsync("storage_outage", cluster, ledger, TimeSpan.FromMinutes(15),
                $" outage_s={outage.TotalSeconds:0} uploads_during={answered}");
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The experiment's precondition did not come true in time.");
            }
            await Task.Delay(200);
        }
    }
}
