using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Npgsql;

namespace Benchmarks.Platform;

/// <summary>
/// Issue 10's leaderboard target: a phase with 10,000 scored submissions from 500 teams, read by 100 concurrent
/// connections (wrk, loopback). The submissions are written straight into PostgreSQL (scoring 10,000 files would measure
/// the scorer, not the board); the board is read through the real web process in mode web.
/// </summary>
public static partial class LeaderboardBench
{
    public const int Teams = 500;
    public const int PerTeam = 20;

    private static readonly string[] Metrics = ["kendall_tau", "spearman_rho", "pearson_r", "rmse", "mae", "top_10_precision"];

    /// <summary>Writes the teams, their submissions and scores; returns how long it took.</summary>
    public static async Task<TimeSpan> SeedAsync(string database, Guid competitionId, Guid phaseId, Guid userId)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20261202); // the same board every run
        var teamIds = Enumerable.Range(0, Teams).Select(_ => Guid.NewGuid()).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // Published in the database, as its scores are written: the bench's phase has no hidden data for the pre-publish
        // check, and a draft's board answers 404 to the anonymous readers measured here (ADR 0031).
        await using (var publish = new NpgsqlCommand("UPDATE \"Competitions\" SET \"PublishedAt\" = @at WHERE \"Id\" = @competition", connection))
        {
            publish.Parameters.AddWithValue("competition", competitionId);
            publish.Parameters.AddWithValue("at", start);
            await publish.ExecuteNonQueryAsync();
        }
        await using (var teams = new NpgsqlCommand(
            "INSERT INTO \"Teams\" (\"Id\", \"CompetitionId\", \"Name\", \"JoinCode\", \"CreatedAt\") " +
            "SELECT t.id, @competition, t.name, t.code, @at FROM unnest(@ids, @names, @codes) AS t(id, name, code)", connection))
        {
            teams.Parameters.AddWithValue("competition", competitionId);
            teams.Parameters.AddWithValue("at", start);
            teams.Parameters.AddWithValue("ids", teamIds);
            teams.Parameters.AddWithValue("names", teamIds.Select((_, i) => $"team-{i:D3}").ToArray());
            teams.Parameters.AddWithValue("codes", teamIds.Select(t => t.ToString("N")[..12]).ToArray());
            await teams.ExecuteNonQueryAsync();
        }
        var count = Teams * PerTeam;
        var ids = new Guid[count];
        var team = new Guid[count];
        var created = new DateTimeOffset[count];
        var metrics = new string[count];
        var primary = new double[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = Guid.NewGuid();
            team[i] = teamIds[i / PerTeam];
            created[i] = start.AddSeconds(i * 60 + random.Next(60));
            var values = Metrics.ToDictionary(m => m, _ => Math.Round(random.NextDouble(), 6));
            metrics[i] = JsonSerializer.Serialize(values);
            primary[i] = values["kendall_tau"];
        }
        await using (var submissions = new NpgsqlCommand(
            "INSERT INTO \"Submissions\" (\"Id\", \"PhaseId\", \"TeamId\", \"SubmittedById\", \"FileName\", \"Description\", \"Status\", " +
            "\"CreatedAt\", \"QueuedAt\", \"StartedAt\", \"FinishedAt\", \"Attempts\", \"OutageRetries\", \"ScoringRun\", \"ScorerVersion\", " +
            "\"CountsAgainstQuota\", \"ProgressDone\", \"ProgressTotal\", \"IsBaseline\", \"IsHidden\", \"IsDisqualified\") " +
            "SELECT s.id, @phase, s.team, @user, 'predictions.csv', '', 'Scored', s.at, s.at, s.at, s.at, 1, 0, 1, 'bench', true, 1, 1, false, false, false " +
            "FROM unnest(@ids, @teams, @created) AS s(id, team, at)", connection))
        {
            submissions.Parameters.AddWithValue("phase", phaseId);
            submissions.Parameters.AddWithValue("user", userId);
            submissions.Parameters.AddWithValue("ids", ids);
            submissions.Parameters.AddWithValue("teams", team);
            submissions.Parameters.AddWithValue("created", created);
            await submissions.ExecuteNonQueryAsync();
        }
        await using (var scores = new NpgsqlCommand(
            "INSERT INTO \"Scores\" (\"SubmissionId\", \"PublicMetricsJson\", \"PrivateMetricsJson\", \"PublicPrimary\", \"PrivatePrimary\", " +
            "\"ScorerVersion\", \"ScoringRun\", \"ScoredAt\") " +
            "SELECT s.id, s.metrics, s.metrics, s.prim, s.prim, 'bench', 1, @at FROM unnest(@ids, @metrics, @primary) AS s(id, metrics, prim)", connection))
        {
            scores.Parameters.AddWithValue("at", DateTimeOffset.UtcNow);
            scores.Parameters.AddWithValue("ids", ids);
            scores.Parameters.AddWithValue("metrics", metrics);
            scores.Parameters.AddWithValue("primary", primary);
            await scores.ExecuteNonQueryAsync();
        }
        return watch.Elapsed;
    }

    /// <summary>Puts the newest viewer account (the one whose session cookie is measured) into team-250 (the board's middle), as an approved participant.</summary>
    public static async Task RegisterViewerAsync(string database, Guid competitionId)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        // The newest account is the viewer just made (Api.SessionCookieAsync).
        await using var insert = new NpgsqlCommand(
            "INSERT INTO \"Registrations\" (\"Id\", \"CompetitionId\", \"UserId\", \"TeamId\", \"Status\", \"RulesAcceptedAt\") " +
            "SELECT @id, @competition, (SELECT \"Id\" FROM \"Users\" WHERE \"Email\" LIKE 'viewer-%' ORDER BY \"CreatedAt\" DESC LIMIT 1), " +
            "(SELECT \"Id\" FROM \"Teams\" WHERE \"CompetitionId\" = @competition AND \"Name\" = 'team-250'), 'Approved', now()", connection);
        insert.Parameters.AddWithValue("id", Guid.NewGuid());
        insert.Parameters.AddWithValue("competition", competitionId);
        await insert.ExecuteNonQueryAsync();
    }

    public sealed record Latency(double P50Ms, double P99Ms, double RequestsPerSecond, long Errors, long Requests);

    /// <summary>
    /// The database's committed transactions so far (pg_stat_database): each statement outside a transaction is one, so
    /// the difference around a wrk run over its requests is the database round trips a request costs (the counter that
    /// says whether a read is served from memory). PostgreSQL publishes the counts within about a second.
    /// </summary>
    public static async Task<long> TransactionsAsync(string database)
    {
        await Task.Delay(1500);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>wrk with 100 connections (or <paramref name="connections"/>) on 2 threads for the given seconds; its latency distribution parsed.</summary>
    /// <param name="bearer">An API token sent as `Authorization: Bearer ...`, as scripts do.</param>
    public static async Task<Latency> WrkAsync(string url, int seconds, string? cookie = null, bool gzip = true, int connections = 100, string? bearer = null)
    {
        var start = new ProcessStartInfo("wrk") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-t2", $"-c{connections}", $"-d{seconds}s", "--timeout", "10s", "--latency" })
        {
            start.ArgumentList.Add(arg);
        }
        if (gzip)
        {
            // As every browser asks: the board is sent compressed.
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Accept-Encoding: gzip, deflate, br");
        }
        if (cookie is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Cookie: " + cookie);
        }
        if (bearer is not null)
        {
            start.ArgumentList.Add("-H");
            start.ArgumentList.Add("Authorization: Bearer " + bearer);
        }
        start.ArgumentList.Add(url);
        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start (scripts/bench-platform.sh installs it).");
        var output = await wrk.StandardOutput.ReadToEndAsync();
        await wrk.WaitForExitAsync();
        if (wrk.ExitCode != 0)
        {
            throw new InvalidOperationException($"wrk ended with {wrk.ExitCode}: {output}{await wrk.StandardError.ReadToEndAsync()}");
        }
        double Percentile(string p) => ToMs(Regex.Match(output, $@"^\s+{p}%\s+(\S+)", RegexOptions.Multiline).Groups[1].Value);
        var rps = double.Parse(Regex.Match(output, @"Requests/sec:\s+(\S+)").Groups[1].Value, CultureInfo.InvariantCulture);
        var non2xx = Regex.Match(output, @"Non-2xx or 3xx responses: (\d+)");
        var socket = Regex.Match(output, @"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)");
        var errors = (non2xx.Success ? long.Parse(non2xx.Groups[1].Value, CultureInfo.InvariantCulture) : 0)
            + (socket.Success ? Enumerable.Range(1, 4).Sum(g => long.Parse(socket.Groups[g].Value, CultureInfo.InvariantCulture)) : 0);
        var requests = long.Parse(Regex.Match(output, @"(\d+) requests in").Groups[1].Value, CultureInfo.InvariantCulture);
        return new Latency(Percentile("50"), Percentile("99"), rps, errors, requests);
    }

    private static double ToMs(string value)
    {
        var m = WrkValue().Match(value);
        if (!m.Success)
        {
            throw new FormatException($"Not a wrk latency: '{value}'.");
        }
        var number = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value switch { "us" => number / 1000, "ms" => number, "s" => number * 1000, "m" => number * 60_000, _ => number };
    }

    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m)$")]
    private static partial Regex WrkValue();
}
