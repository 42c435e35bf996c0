using System.Net;

namespace Benchmarks.Platform;

/// <summary>
/// ADR 0023's price: every cookie-authenticated request reads its user's row (SessionValidation). Measured in one run
/// against the web process at 16 connections (a busy replica, not a saturated one), wrk on loopback.
/// </summary>
/// <remarks>
/// The reference is the same endpoint without the cookie: GET /healthz answers the same bytes either way, and the
/// authentication middleware runs on both requests (the policy scheme forwards to the cookie handler). Without a cookie the
/// handler stops at once; with one it decrypts the ticket and runs SessionValidation, so the difference is exactly what a
/// session cookie costs a request, its lookup included (the decryption is microseconds; the database transactions per
/// request, counted in pg_stat_database, show the lookup happened). An API token is no such reference: it pays its own
/// lookup (the token by hash, with its user), so cookie against token on /account/me compares two ways of authenticating
/// that both read the database; that pair is printed too, as what a cheap authenticated API call costs either way.
/// </remarks>
public static class SessionBench
{
    public const int Connections = 16;
    private const int Seconds = 5;
    private const int Rounds = 3;

    public static async Task RunAsync(Uri web, string database)
    {
        var cookie = await Api.SessionCookieAsync(web, "viewer");
        var tokenClient = await Api.NewUserAsync(web, "script");
        var token = tokenClient.DefaultRequestHeaders.Authorization!.Parameter!;
        var health = new Uri(web, "/healthz").ToString();
        var me = new Uri(web, "/api/v1/account/me").ToString();
        await AcceptedAsync(me, cookie);

        Console.WriteLine($"session cookie validation (ADR 0023; web process, PostgreSQL, loopback): {Connections} connections, 2 wrk threads; " +
            $"{Rounds} interleaved rounds of {Seconds} s per request kind, medians shown; transactions from pg_stat_database, about 2 per query " +
            "(the pooled connection's reset counts as one)");
        (string Url, string? Cookie, string? Bearer)[] kinds = [(health, null, null), (health, cookie, null), (me, cookie, null), (me, null, token)];
        foreach (var (url, c, b) in kinds)
        {
            await LeaderboardBench.WrkAsync(url, 3, c, connections: Connections, bearer: b); // warm-up: JIT, pools
        }
        // Interleaved: on a shared machine the load drifts within a minute; each kind sees the same drift.
        var runs = kinds.Select(_ => new List<Run>()).ToArray();
        for (var round = 0; round < Rounds; round++)
        {
            for (var k = 0; k < kinds.Length; k++)
            {
                runs[k].Add(await MeasureAsync(database, kinds[k].Url, kinds[k].Cookie, kinds[k].Bearer));
            }
        }
        var (anonymous, cookieHealth, cookieMe, tokenMe) = (Median(runs[0]), Median(runs[1]), Median(runs[2]), Median(runs[3]));
        Print("GET /healthz, anonymous (the reference)", anonymous);
        Print("GET /healthz, session cookie", cookieHealth);
        Console.WriteLine($"    cookie/anonymous: p50 {cookieHealth.Wrk.P50Ms / anonymous.Wrk.P50Ms:0.00}x, p99 {cookieHealth.Wrk.P99Ms / anonymous.Wrk.P99Ms:0.00}x, " +
            $"req/s {cookieHealth.Wrk.RequestsPerSecond / anonymous.Wrk.RequestsPerSecond:0.00}x; the cookie adds {cookieHealth.Wrk.P50Ms - anonymous.Wrk.P50Ms:0.00} ms at p50, " +
            $"{1000.0 / cookieHealth.Wrk.RequestsPerSecond - 1000.0 / anonymous.Wrk.RequestsPerSecond:0.000} ms of machine time per request (1/throughput; the web process, PostgreSQL and wrk share the cores)");
        var timeRatio = anonymous.Wrk.RequestsPerSecond / cookieHealth.Wrk.RequestsPerSecond;
        Console.WriteLine($"    target: health behind a cookie within 2x of anonymous (machine time per request, 1/throughput): {timeRatio:0.00}x, " +
            $"{(timeRatio <= 2 ? "met" : "NOT met")}; p50 within 2x: {(cookieHealth.Wrk.P50Ms <= 2 * anonymous.Wrk.P50Ms ? "met" : "NOT met")} " +
            $"(the cookie check is kept 10 s per user, ADR 0036: about 0 database transactions a request expected)");
        Print("GET /api/v1/account/me, session cookie", cookieMe);
        Print("GET /api/v1/account/me, API token", tokenMe);
        Console.WriteLine($"    cookie/token: p50 {cookieMe.Wrk.P50Ms / tokenMe.Wrk.P50Ms:0.00}x, p99 {cookieMe.Wrk.P99Ms / tokenMe.Wrk.P99Ms:0.00}x, " +
            $"req/s {cookieMe.Wrk.RequestsPerSecond / tokenMe.Wrk.RequestsPerSecond:0.00}x");
        var errors = anonymous.Wrk.Errors + cookieHealth.Wrk.Errors + cookieMe.Wrk.Errors + tokenMe.Wrk.Errors;
        if (errors > 0)
        {
            throw new InvalidOperationException($"{errors} requests failed or were refused: the figures above do not measure what they say.");
        }
    }

    private sealed record Run(LeaderboardBench.Latency Wrk, double Trips);

    /// <summary>Each figure's median over the rounds (errors summed: any one is a failed measurement).</summary>
    private static Run Median(List<Run> runs)
    {
        double Mid(Func<Run, double> f) => runs.Select(f).Order().ElementAt(runs.Count / 2);
        return new Run(new LeaderboardBench.Latency(Mid(r => r.Wrk.P50Ms), Mid(r => r.Wrk.P99Ms), Mid(r => r.Wrk.RequestsPerSecond),
            runs.Sum(r => r.Wrk.Errors), runs.Sum(r => r.Wrk.Requests)), Mid(r => r.Trips));
    }

    private static async Task<Run> MeasureAsync(string database, string url, string? cookie, string? bearer)
    {
        var before = await LeaderboardBench.TransactionsAsync(database);
        var wrk = await LeaderboardBench.WrkAsync(url, Seconds, cookie, connections: Connections, bearer: bearer);
        return new Run(wrk, (await LeaderboardBench.TransactionsAsync(database) - before) / (double)wrk.Requests);
    }

    private static void Print(string what, Run run) =>
        Console.WriteLine($"  {what}: p50 {run.Wrk.P50Ms:0.00} ms, p99 {run.Wrk.P99Ms:0.00} ms, {run.Wrk.RequestsPerSecond:0} req/s, " +
            $"{run.Wrk.Errors} errors, {run.Trips:0.00} database transactions a request");

    /// <summary>The cookie is taken as a session before anything is measured: a refused one would make /healthz look cheap.</summary>
    private static async Task AcceptedAsync(string me, string cookie)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, me);
        request.Headers.Add("Cookie", cookie);
        using var response = await client.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET /api/v1/account/me with the session cookie answered {(int)response.StatusCode}: the cookie is not taken.");
        }
    }
}
