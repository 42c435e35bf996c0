using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Benchmarks.Platform;
using Npgsql;

// Figures for issue 2's platform targets, against the real web process on PostgreSQL + S3:
//   latency: a submission accepted by the API is running within 2 s when a worker is idle;
//   upload:  uploading a 1 GB file grows the server's memory by less than 64 MB;
//   leaderboard (issue 10): a board of 10,000 submissions from 500 teams at 100 connections, p99 under 50 ms;
//   chunked: 1 GiB through the resumable protocol (ADR 0012) against the multipart endpoint, as a throughput ratio;
//   session: what the session cookie's per-request check of its user's row costs (ADR 0023), against the same request without it;
//   score (issue 27): the embedded demo's supernet and prediction file from upload to scored, with each score's timeline.
var repo = args.Length > 1 ? args[1] : Repo.Root;
var mode = args.Length > 0 ? args[0] : "all";
var postgres = Environment.GetEnvironmentVariable("NASARENA_TEST_POSTGRES") ?? throw new InvalidOperationException("Run through scripts/bench-platform.sh (it starts PostgreSQL and the S3 server).");
var s3 = Environment.GetEnvironmentVariable("NASARENA_TEST_S3")!;
var scratch = Directory.CreateTempSubdirectory("nasarena-bench").FullName;
Benchmarks.Platform.Api.UseScratch(scratch);

if (mode is "all" or "latency")
{
    await LatencyAsync();
}
if (mode is "all" or "upload")
{
    await UploadMemoryAsync();
}
if (mode is "all" or "leaderboard")
{
    await LeaderboardAsync();
}
if (mode is "all" or "chunked")
{
    await ChunkedVersusMultipartAsync();
}
if (mode is "all" or "session")
{
    await SessionAsync();
}
if (mode is "all" or "score")
{
    await UploadToScoreBench.RunAsync(repo, scratch, 3);
}
return 0;

async Task<string> NewDatabaseAsync()
{
    var name = "bench_" + Guid.NewGuid().ToString("N")[..10];
    await using var connection = new NpgsqlConnection(postgres);
    await connection.OpenAsync();
    await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
    return new NpgsqlConnectionStringBuilder(postgres) { Database = name }.ConnectionString;
}

async Task LatencyAsync()
{
    // The embedded process runs an in-process worker on PostgreSQL job storage: the queue path is the production one.
    var env = WebProcess.ProductionEnv(await NewDatabaseAsync(), s3, scratch);
    env["NasArena__Mode"] = "embedded";
    using var web = await WebProcess.StartAsync(repo, env);
    var organizer = await Api.NewUserAsync(web.Url, "organizer");
    var participant = await Api.NewUserAsync(web.Url, "participant");
    var (phase, slug) = Split(await Api.PhaseAsync(organizer, "Predictor", 10 << 20));
    var rows = Enumerable.Range(1, 1000).Select(i => (Id: $"a{i}", Acc: 0.9 + (i % 97) / 1000.0, Private: i % 3 == 0)).ToList();
    var query = new JsonObject();
    foreach (var r in rows)
    {
        query[r.Id] = new JsonObject { ["acc"] = r.Acc, ["split"] = r.Private ? "private" : "public" };
    }
    await Api.Ok(organizer.PostAsync($"phases/{phase}/assets", WithKind(Api.File("q.json", new StringContent(query.ToJsonString())), "query-set")));
    await Api.Ok(participant.PostAsJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }));
    var csv = new StringBuilder("arch_id,prediction\n");
    foreach (var r in rows)
    {
        csv.Append(CultureInfo.InvariantCulture, $"{r.Id},{r.Acc + (r.Id.GetHashCode() % 7) / 1000.0}\n");
    }
    var latencies = new List<double>();
    for (var i = 0; i < 22; i++)
    {
        var accepted = await Api.Json(participant.PostAsync($"phases/{phase}/submissions", Api.File("p.csv", new StringContent(csv.ToString()))));
        var id = accepted["id"]!.GetValue<string>();
        JsonNode s;
        do
        {
            await Task.Delay(10);
            s = await Api.Json(participant.GetAsync($"submissions/{id}"));
        }
        while (s["status"]!.GetValue<string>() is "Queued" || s["finishedAt"] is null);
        var queued = s["queuedAt"]!.GetValue<DateTimeOffset>();
        var started = s["startedAt"]!.GetValue<DateTimeOffset>();
        if (i >= 2)
        {
            latencies.Add((started - queued).TotalMilliseconds); // the first two warm up the JIT
        }
    }
    latencies.Sort();
    Console.WriteLine($"latency accepted->running (PostgreSQL job storage, idle worker, n={latencies.Count}): " +
        $"median {latencies[latencies.Count / 2]:0} ms, p95 {latencies[(int)(latencies.Count * 0.95) - 1]:0} ms, max {latencies[^1]:0} ms (target < 2000 ms)");
}

async Task UploadMemoryAsync()
{
    // The web process alone (mode web, after the migrate step), as production runs it: no scorer prechecks a supernet.
    var env = WebProcess.ProductionEnv(await NewDatabaseAsync(), s3, scratch);
    env["NasArena__Mode"] = "web";
    await WebProcess.RunToEndAsync(repo, env, "migrate");
    using var web = await WebProcess.StartAsync(repo, env);
    var organizer = await Api.NewUserAsync(web.Url, "organizer");
    var participant = await Api.NewUserAsync(web.Url, "participant");
    var (phase, slug) = Split(await Api.PhaseAsync(organizer, "Supernet", 2L << 30));
    await Api.Ok(participant.PostAsJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }));
    // Warm up the path with a small upload, then measure the peak while 1 GiB streams through.
    await Api.Ok(participant.PostAsync($"phases/{phase}/submissions", Api.File("warm.safetensors", new ByteArrayContent(new byte[1 << 20]))));
    GC.Collect();
    await Task.Delay(500);
    web.ResetPeak();
    var (before, _) = web.Memory();
    const long size = 1L << 30;
    var watch = Stopwatch.StartNew();
    await Api.Ok(participant.PostAsync($"phases/{phase}/submissions", Api.File("big.safetensors", new StreamContent(new PatternStream(size), 1 << 16))));
    var seconds = watch.Elapsed.TotalSeconds;
    var (_, peak) = web.Memory();
    Console.WriteLine($"upload 1 GiB (web process, PostgreSQL + S3): {seconds:0.0} s ({size / seconds / (1 << 20):0} MiB/s); " +
        $"resident memory before {before >> 20} MiB, peak {peak >> 20} MiB, growth {(peak - before) >> 20} MiB (target < 64 MiB)");
}

async Task LeaderboardAsync()
{
    // The web process alone (mode web), as production serves boards; the submissions are written into its database.
    var database = await NewDatabaseAsync();
    var env = WebProcess.ProductionEnv(database, s3, scratch);
    env["NasArena__Mode"] = "web";
    await WebProcess.RunToEndAsync(repo, env, "migrate");
    using var web = await WebProcess.StartAsync(repo, env);
    var organizer = await Api.NewUserAsync(web.Url, "organizer");
    var (phase, slug) = Split(await Api.PhaseAsync(organizer, "Predictor", 10 << 20));
    var competition = Guid.Parse((await Api.Json(organizer.GetAsync($"competitions/{slug}")))["id"]!.GetValue<string>());
    var user = Guid.Parse((await Api.Json(organizer.GetAsync("account/me")))["id"]!.GetValue<string>());
    var seeding = await LeaderboardBench.SeedAsync(database, competition, Guid.Parse(phase), user);
    var api = new Uri(web.Url, $"/api/v1/phases/{phase}/leaderboard").ToString();
    using var anonymous = new HttpClient();
    var board = JsonNode.Parse(await anonymous.GetStringAsync(api))!;
    var rows = board["rows"]!.AsArray().Count;
    if (rows != LeaderboardBench.Teams)
    {
        throw new InvalidOperationException($"The board has {rows} rows, expected {LeaderboardBench.Teams}.");
    }
    Console.WriteLine($"leaderboard: {LeaderboardBench.Teams * LeaderboardBench.PerTeam} scored submissions of {LeaderboardBench.Teams} teams " +
        $"written in {seeding.TotalSeconds:0.0} s; 100 connections, 2 wrk threads, 10 s each, loopback");
    await LeaderboardBench.WrkAsync(api, 3); // warm-up: JIT, connection pools, caches
    var floor = await LeaderboardBench.WrkAsync(new Uri(web.Url, "/healthz").ToString(), 10);
    var before = await LeaderboardBench.TransactionsAsync(database);
    var measured = await LeaderboardBench.WrkAsync(api, 10);
    var apiTrips = (await LeaderboardBench.TransactionsAsync(database) - before) / (double)measured.Requests;
    Console.WriteLine($"  GET /healthz (the floor of a request here): p50 {floor.P50Ms:0.00} ms, p99 {floor.P99Ms:0.00} ms, {floor.RequestsPerSecond:0} req/s");
    Console.WriteLine($"  GET leaderboard API ({rows} rows): p50 {measured.P50Ms:0.00} ms, p99 {measured.P99Ms:0.00} ms, " +
        $"{measured.RequestsPerSecond:0} req/s, {measured.Errors} errors (target p99 < 50 ms); p99 ratio to the floor {measured.P99Ms / floor.P99Ms:0.0}; " +
        $"{apiTrips:0.000} database round trips a request");
    const string AnonymousPageHeader = "X-NasArena-Page-Cache"; // AnonymousPageCache.Header: miss (rendered) or hit (kept)
    // The page as a first visit gets it: server-rendered HTML of the first 25 teams (interactive afterwards).
    var pageUrl = new Uri(web.Url, $"/phases/{phase}/leaderboard").ToString();
    using var first = await anonymous.GetAsync(pageUrl);
    var html = await first.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
    Console.WriteLine($"  the page's first answer to an anonymous visitor: cache-control '{first.Headers.CacheControl}', " +
        $"{AnonymousPageHeader}: {string.Join(",", first.Headers.TryGetValues(AnonymousPageHeader, out var how) ? how : ["(none)"])}, " +
        $"Set-Cookie: [{string.Join(", ", first.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies.Select(c => c.Split('=')[0]) : [])}]");
    if (!html.Contains("team-", StringComparison.Ordinal))
    {
        throw new InvalidOperationException("The leaderboard page's first HTML shows no team: it would not be the page's content that is measured.");
    }
    await LeaderboardBench.WrkAsync(pageUrl, 3);
    before = await LeaderboardBench.TransactionsAsync(database);
    var rendered = await LeaderboardBench.WrkAsync(pageUrl, 10);
    var pageTrips = (await LeaderboardBench.TransactionsAsync(database) - before) / (double)rendered.Requests;
    Console.WriteLine($"  GET leaderboard page, anonymous (server-rendered, {html.Length / 1024} KiB, kept a second per replica, ADR 0025): " +
        $"p50 {rendered.P50Ms:0.00} ms, p99 {rendered.P99Ms:0.00} ms, " +
        $"{rendered.RequestsPerSecond:0} req/s, {rendered.Errors} errors (target p99 < 50 ms); p99 ratio to the floor {rendered.P99Ms / floor.P99Ms:0.0}; {pageTrips:0.000} database round trips a request");
    // A signed-in participant of the competition (a team on the board): one render shared by such viewers, their name and
    // team spliced in (ADR 0037), the cookie checked from the session cache (ADR 0036).
    var session = await Api.SessionCookieAsync(web.Url, "viewer");
    await LeaderboardBench.RegisterViewerAsync(database, competition);
    using (var probe = new HttpClient(new HttpClientHandler { UseCookies = false }))
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pageUrl);
        request.Headers.Add("Cookie", session);
        using var answer = await probe.SendAsync(request);
        var body = await answer.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        if (!body.Contains("Your team <strong>team-250</strong>", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The signed-in page does not show the viewer's team: it would not be a signed-in page that is measured.");
        }
        Console.WriteLine($"  the page's answer to a signed-in participant: {AnonymousPageHeader}: " +
            $"{string.Join(",", answer.Headers.TryGetValues(AnonymousPageHeader, out var shared) ? shared : ["(none)"])}, {body.Length / 1024} KiB");
    }
    await LeaderboardBench.WrkAsync(pageUrl, 3, session);
    before = await LeaderboardBench.TransactionsAsync(database);
    var signedIn = await LeaderboardBench.WrkAsync(pageUrl, 10, session);
    var signedInTrips = (await LeaderboardBench.TransactionsAsync(database) - before) / (double)signedIn.Requests;
    Console.WriteLine($"  GET leaderboard page, signed in (shared render + the viewer's parts, ADR 0037): p50 {signedIn.P50Ms:0.00} ms, p99 {signedIn.P99Ms:0.00} ms, " +
        $"{signedIn.RequestsPerSecond:0} req/s, {signedIn.Errors} errors; {signedInTrips:0.000} database round trips a request");
    Console.WriteLine($"    signed in / anonymous page (the reference, same run): p50 {signedIn.P50Ms / rendered.P50Ms:0.00}x, p99 {signedIn.P99Ms / rendered.P99Ms:0.00}x, " +
        $"req/s {signedIn.RequestsPerSecond / rendered.RequestsPerSecond:0.00}x; target p99 < 100 ms: {(signedIn.P99Ms < 100 ? "met" : "NOT met")}; " +
        $"within 2x of anonymous (p99): {(signedIn.P99Ms <= 2 * rendered.P99Ms ? "met" : "NOT met")}");
    // The floor of a first paint here: the same browser painting the plain-text /healthz of the same server (nothing to
    // lay out, no style sheet, no script), so the page's own cost reads as a ratio on any machine and load.
    var floorPaints = await FirstContent.MeasureAsync(new Uri(web.Url, "/healthz").ToString(), 15);
    var sheetPaints = await FirstContent.MeasureStyleSheetOnlyAsync(web.Url, 15);
    // A light page of the same app (same style sheets and scripts, a small form): what the shell alone costs.
    var shellPaints = await FirstContent.MeasureAsync(new Uri(web.Url, "/account/sign-in").ToString(), 15);
    var paints = await FirstContent.MeasureAsync(pageUrl, 15);
    static string Paint(List<double> p) => $"median {p[p.Count / 2]:0} ms, max {p[^1]:0} ms";
    Console.WriteLine("  first contentful paint in headless Chromium, 15 first visits each (fresh profile):");
    Console.WriteLine($"    /healthz, plain text (the browser's floor): {Paint(floorPaints)}");
    Console.WriteLine($"    a trivial page with MudBlazor's style sheet alone: {Paint(sheetPaints)}");
    Console.WriteLine($"    the sign-in page (the app's shell, a small form): {Paint(shellPaints)}");
    Console.WriteLine($"    the leaderboard page: {Paint(paints)} (target < 500 ms); median ratio to the floor " +
        $"{paints[paints.Count / 2] / floorPaints[floorPaints.Count / 2]:0.0}, to the style sheet alone {paints[paints.Count / 2] / sheetPaints[sheetPaints.Count / 2]:0.0}");
}

async Task ChunkedVersusMultipartAsync()
{
    // The web process alone on PostgreSQL + S3, as in production; a supernet track (no precheck in the web) takes 1 GiB.
    var env = WebProcess.ProductionEnv(await NewDatabaseAsync(), s3, scratch);
    env["NasArena__Mode"] = "web";
    await WebProcess.RunToEndAsync(repo, env, "migrate");
    using var web = await WebProcess.StartAsync(repo, env);
    var organizer = await Api.NewUserAsync(web.Url, "organizer");
    var participant = await Api.NewUserAsync(web.Url, "participant");
    var (phase, slug) = Split(await Api.PhaseAsync(organizer, "Supernet", 2L << 30));
    await Api.Ok(participant.PostAsJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }));
    const long size = 1L << 30;
    await Api.Ok(participant.PostAsync($"phases/{phase}/submissions", Api.File("warm.safetensors", new ByteArrayContent(new byte[1 << 20]))));

    var watch = Stopwatch.StartNew();
    await Api.Ok(participant.PostAsync($"phases/{phase}/submissions", Api.File("big.safetensors", new StreamContent(new PatternStream(size), 1 << 16))));
    var multipart = watch.Elapsed.TotalSeconds;

    watch.Restart();
    var upload = await Api.Json(participant.PostAsJsonAsync($"phases/{phase}/uploads", new { fileName = "big.safetensors", sizeBytes = size }));
    var id = upload["id"]!.GetValue<string>();
    var chunk = upload["chunkBytes"]!.GetValue<long>();
    for (long offset = 0; offset < size; offset += chunk)
    {
        var length = Math.Min(chunk, size - offset);
        // The pattern repeats every 256 bytes and chunks start at multiples of it: the same bytes as the multipart upload.
        var content = new StreamContent(new PatternStream(length), 1 << 16);
        content.Headers.ContentLength = length;
        content.Headers.ContentRange = new System.Net.Http.Headers.ContentRangeHeaderValue(offset, offset + length - 1, size);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        await Api.Ok(participant.PutAsync($"uploads/{id}", content));
    }
    var sent = watch.Elapsed.TotalSeconds;
    await Api.Ok(participant.PostAsync($"uploads/{id}/complete", null));
    var chunked = watch.Elapsed.TotalSeconds;
    Console.WriteLine($"1 GiB to submission (web process, PostgreSQL + S3, loopback): multipart {multipart:0.0} s ({size / multipart / (1 << 20):0} MiB/s); " +
        $"chunked {chunked:0.0} s ({size / chunked / (1 << 20):0} MiB/s: chunks {sent:0.0} s, complete {chunked - sent:0.0} s, {chunk >> 20} MiB chunks); " +
        $"chunked/multipart throughput {multipart / chunked:0.00}");
}

async Task SessionAsync()
{
    // The web process alone (mode web), as production serves signed-in browsers and scripts.
    var database = await NewDatabaseAsync();
    var env = WebProcess.ProductionEnv(database, s3, scratch);
    env["NasArena__Mode"] = "web";
    await WebProcess.RunToEndAsync(repo, env, "migrate");
    using var web = await WebProcess.StartAsync(repo, env);
    await SessionBench.RunAsync(web.Url, database);
}

static MultipartFormDataContent WithKind(MultipartFormDataContent form, string kind)
{
    var withKind = new MultipartFormDataContent { { new StringContent(kind), "kind" } };
    foreach (var part in form)
    {
        withKind.Add(part);
    }
    return withKind;
}

static (string Phase, string Slug) Split(string value) => (value.Split('|')[0], value.Split('|')[1]);

