using System.Diagnostics;
using System.Globalization;
using System.Net;
using Benchmarks.Platform;
using Npgsql;

namespace FaultInjection;

/// <summary>
/// Issue 13's scale-out figures, on this run's PostgreSQL and S3 with real processes (web in mode web, N workers):
/// supernet scoring throughput with 1, 2 and 4 worker processes (one Hangfire worker each, as a GPU pod runs) on the
/// same queue, and queued → running latency under a burst of prediction files. Figures, not assertions: on a shared
/// 2-core machine more than two processes cannot add CPU, so the 4-process figure measures contention there.
/// </summary>
public sealed class ScaleOut(string repo, string configuration, string root, Postgres pg, S3Server s3, string files)
{
    /// <summary>Submits <paramref name="supernets"/> at once and times them from the first submit to the last scored.</summary>
    public async Task<string> ThroughputAsync(int processes, int supernets)
    {
        await using var cluster = await Cluster.StartAsync(repo, configuration, root, pg, s3, $"scale-{processes}", processes, perWorker: 1);
        var work = await Workload.SetUpAsync(cluster.Url, files);
        await WaitForServersAsync(cluster.Database, processes);
        var clock = Stopwatch.StartNew();
        var ids = await SubmitAllAsync(supernets, 8, () => work.SubmitSupernetAsync());
        var rows = await WaitForFinalAsync(cluster.Database, ids, TimeSpan.FromMinutes(60));
        var elapsed = clock.Elapsed.TotalSeconds;
        var scored = rows.Count(r => r.Status == "Scored");
        var shards = scored * Workload.Architectures.Length / 3;
        return string.Create(CultureInfo.InvariantCulture,
            $"supernet_throughput: workers={processes} submitted={supernets} scored={scored} elapsed_s={elapsed:0.0} " +
            $"supernets_per_min={scored / elapsed * 60:0.00} shards_per_min={shards / elapsed * 60:0.0}");
    }

    /// <summary>
    /// A burst of <paramref name="n"/> prediction files (16 uploads at a time) on <paramref name="processes"/> workers of
    /// two Hangfire workers each: per submission, the time from its job's enqueueing (QueuedAt, set just before the API
    /// answers 202) to a worker's claim (StartedAt), both from the database's rows.
    /// </summary>
    public async Task<string> BurstLatencyAsync(int n, int processes)
    {
        await using var cluster = await Cluster.StartAsync(repo, configuration, root, pg, s3, "burst-latency", processes, perWorker: 2);
        var work = await Workload.SetUpAsync(cluster.Url, files);
        await WaitForServersAsync(cluster.Database, processes);
        var clock = Stopwatch.StartNew();
        var ids = await SubmitAllAsync(n, 16, () => work.SubmitPredictionAsync());
        var accepting = clock.Elapsed.TotalSeconds;
        var rows = await WaitForFinalAsync(cluster.Database, ids, TimeSpan.FromMinutes(30));
        var waits = rows.Where(r => r.Queued is not null && r.Started is not null).Select(r => (r.Started!.Value - r.Queued!.Value).TotalSeconds).Order().ToList();
        double At(double q) => waits.Count == 0 ? double.NaN : waits[Math.Min(waits.Count - 1, (int)Math.Ceiling(q * waits.Count) - 1)];
        return string.Create(CultureInfo.InvariantCulture,
            $"burst_latency: submitted={n} accepted={ids.Count} scored={rows.Count(r => r.Status == "Scored")} workers={processes}x2 " +
            $"accepting_s={accepting:0.0} all_final_s={clock.Elapsed.TotalSeconds:0.0} queued_to_running_s: p50={At(0.5):0.00} p95={At(0.95):0.00} max={At(1):0.00}");
    }

    private static async Task<List<Guid>> SubmitAllAsync(int n, int parallel, Func<Task<HttpResponseMessage>> submit)
    {
        var ids = new List<Guid>();
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(0, n).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var response = await submit();
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException($"A submission was refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
                var id = Guid.Parse((await Api.Json(Task.FromResult(response)))["id"]!.GetValue<string>());
                lock (ids)
                {
                    ids.Add(id);
                }
            }
            finally
            {
                gate.Release();
            }
        }));
        return ids;
    }

    /// <summary>Every worker process has registered its Hangfire server: the figures do not include start-up.</summary>
    private static async Task WaitForServersAsync(string database, int processes)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        while (true)
        {
            try
            {
                var count = (long)(await new NpgsqlCommand("SELECT COUNT(*) FROM hangfire.server", connection).ExecuteScalarAsync())!;
                if (count >= processes)
                {
                    return;
                }
            }
            catch (PostgresException) when (DateTime.UtcNow < deadline)
            {
                // The schema is created by the first server to start.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Fewer than {processes} worker processes registered within 3 minutes.");
            }
            await Task.Delay(250);
        }
    }

    private sealed record Row(Guid Id, string Status, DateTime? Queued, DateTime? Started);

    private static async Task<List<Row>> WaitForFinalAsync(string database, IReadOnlyCollection<Guid> ids, TimeSpan patience)
    {
        var deadline = DateTime.UtcNow + patience;
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        while (true)
        {
            var rows = new List<Row>();
            await using (var cmd = new NpgsqlCommand("""SELECT "Id", "Status", "QueuedAt", "StartedAt" FROM "Submissions" WHERE "Id" = ANY(@ids)""", connection))
            {
                cmd.Parameters.AddWithValue("ids", ids.ToArray());
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync())
                {
                    rows.Add(new Row(r.GetGuid(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetDateTime(2), r.IsDBNull(3) ? null : r.GetDateTime(3)));
                }
            }
            if (rows.Count == ids.Count && rows.All(r => r.Status is "Scored" or "Failed" or "Cancelled"))
            {
                return rows;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{rows.Count(r => r.Status is not ("Scored" or "Failed" or "Cancelled"))} submissions were not final within {patience.TotalMinutes:0} minutes.");
            }
            await Task.Delay(250);
        }
    }
}
