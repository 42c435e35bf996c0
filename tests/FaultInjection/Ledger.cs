using System.Collections.Concurrent;
using System.Diagnostics;
using Npgsql;

namespace FaultInjection;

/// <summary>
/// Watches the database (the source of truth) every 250 ms while an experiment runs: each submission's and shard's
/// highest attempt (requeues), scores written more than once (double), and how long work a killed worker held took to
/// run again. Read errors (PostgreSQL restarting) are skipped: the next poll sees the same rows.
/// </summary>
public sealed class Ledger : IAsyncDisposable
{
    private readonly string _database;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _polling;
    private readonly Dictionary<string, int> _attempts = [];
    private readonly Dictionary<Guid, DateTime> _scoredAt = [];
    private readonly HashSet<Guid> _double = [];
    private readonly List<(Stopwatch Since, Dictionary<string, int> Held)> _kills = [];
    private readonly List<double> _killToRunning = [];
    private readonly List<double> _killToRequeued = [];
    private readonly HashSet<(int Kill, string Unit)> _requeued = [];
    private readonly object _gate = new();

    public ConcurrentBag<Guid> Accepted { get; } = [];

    public Ledger(string database)
    {
        _database = database;
        _polling = PollAsync(_stop.Token);
    }

    public record Row(Guid Id, string Status, int Attempts, bool Counts, string? Reason);

    public Dictionary<Guid, Row> Submissions { get; private set; } = [];
    public int Requeues { get { lock (_gate) { return _attempts.Values.Sum(a => Math.Max(0, a - 1)); } } }
    public int Double { get { lock (_gate) { return _double.Count; } } }
    public IReadOnlyList<double> KillToRunning { get { lock (_gate) { return [.. _killToRunning]; } } }

    /// <summary>Kill to the watchdog putting the killed worker's unit back in the queue (detection, without the queue's wait).</summary>
    public IReadOnlyList<double> KillToRequeued { get { lock (_gate) { return [.. _killToRequeued]; } } }

    /// <summary>Called right after a kill: the units running now are the killed worker's or the survivor's; those that start again were the killed one's.</summary>
    public void Killed(IReadOnlyDictionary<string, int> runningNow)
    {
        lock (_gate)
        {
            _kills.Add((Stopwatch.StartNew(), new Dictionary<string, int>(runningNow)));
        }
    }

    public Dictionary<string, int> Running { get; private set; } = [];

    private async Task PollAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await PollOnceAsync(ct);
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return; // stopped in the middle of a poll (opening a connection, reading): the ledger is being disposed
            }
            try
            {
                await Task.Delay(250, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task PollOnceAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync(ct);
        var submissions = new Dictionary<Guid, Row>();
        var units = new Dictionary<string, (string Status, int Attempts)>();
        await using (var cmd = new NpgsqlCommand("""SELECT "Id", "Status", "Attempts", "CountsAgainstQuota", "FailureReason" FROM "Submissions" """, connection))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var row = new Row(r.GetGuid(0), r.GetString(1), r.GetInt32(2), r.GetBoolean(3), r.IsDBNull(4) ? null : r.GetString(4));
                submissions[row.Id] = row;
                units[$"s:{row.Id}"] = (row.Status, row.Attempts);
            }
        }
        var sharded = new HashSet<Guid>();
        await using (var cmd = new NpgsqlCommand("""SELECT "SubmissionId", "ShardIndex", "Status", "Attempts" FROM "Shards" """, connection))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                sharded.Add(r.GetGuid(0));
                units[$"h:{r.GetGuid(0)}:{r.GetInt32(1)}"] = (r.GetString(2), r.GetInt32(3));
            }
        }
        var scores = new List<(Guid, DateTime)>();
        await using (var cmd = new NpgsqlCommand("""SELECT "SubmissionId", "ScoredAt" FROM "Scores" """, connection))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                scores.Add((r.GetGuid(0), r.GetDateTime(1)));
            }
        }
        lock (_gate)
        {
            Submissions = submissions;
            foreach (var (key, unit) in units)
            {
                _attempts[key] = Math.Max(unit.Attempts, _attempts.GetValueOrDefault(key));
            }
            foreach (var (id, at) in scores)
            {
                if (_scoredAt.TryGetValue(id, out var seen) && seen != at)
                {
                    _double.Add(id);
                }
                _scoredAt[id] = at;
            }
            // Running units, except a sharded submission itself (its shards are the units).
            Running = units.Where(u => u.Value.Status == "Running" && !(u.Key.StartsWith("s:") && sharded.Contains(Guid.Parse(u.Key[2..]))))
                .ToDictionary(u => u.Key, u => u.Value.Attempts);
            for (var k = 0; k < _kills.Count; k++)
            {
                var (since, held) = _kills[k];
                foreach (var (key, attempts) in held.ToList())
                {
                    if (units.TryGetValue(key, out var q) && q.Status == "Queued" && q.Attempts == attempts && _requeued.Add((k, key)))
                    {
                        _killToRequeued.Add(since.Elapsed.TotalSeconds);
                    }
                    if (!units.TryGetValue(key, out var now) || now.Status is "Done" or "Scored" or "Failed" or "Cancelled" && now.Attempts == attempts)
                    {
                        held.Remove(key); // finished by the survivor, or ended: not the killed worker's
                    }
                    else if (now.Attempts > attempts && now.Status is "Running" or "Done" or "Scored")
                    {
                        _killToRunning.Add(since.Elapsed.TotalSeconds);
                        if (_requeued.Add((k, key)))
                        {
                            _killToRequeued.Add(since.Elapsed.TotalSeconds); // requeued and claimed between two polls
                        }
                        held.Remove(key);
                    }
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _polling;
    }
}
