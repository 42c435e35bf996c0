using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Benchmarks.Platform;

namespace FaultInjection;

/// <summary>
/// What participants send: prediction files (1000 architectures) and supernets of the demo space (12 architectures,
/// 3 per shard: 4 shards each), both phases set up through the API by an organizer. Data and checkpoint come from
/// Debian's Fashion-MNIST and the supernet starter kit (python3-torch), written once per run.
/// </summary>
public sealed class Workload
{
    public static readonly string[] Architectures =
    [
        "4-4-4-8-8-16-16", "8-8-8-16-16-32-32", "4-8-4-12-8-24-16", "8-4-8-8-16-16-32", "4-4-8-16-12-32-24", "8-8-4-12-12-24-32",
        "4-8-8-8-12-16-24", "8-4-4-16-8-32-16", "4-4-4-12-16-24-32", "8-8-8-8-8-16-16", "4-8-4-16-16-32-24", "8-4-8-12-8-24-24",
    ];

    private readonly string _predictionPhase;
    private readonly string _supernetPhase;
    private readonly byte[] _csv;
    private readonly byte[] _supernet;

    public HttpClient Participant { get; }

    /// <summary>The competition's slug: a second team registers for it (the fairness experiment).</summary>
    public string Slug { get; }

    private Workload(HttpClient participant, string slug, string prediction, string supernet, byte[] csv, byte[] checkpoint)
    {
        Participant = participant;
        Slug = slug;
        _predictionPhase = prediction;
        _supernetPhase = supernet;
        _csv = csv;
        _supernet = checkpoint;
    }

    public string SupernetPhase => _supernetPhase;

    /// <summary>Writes eval.zip, calibration.zip and supernet.pt into <paramref name="dir"/> (once per run).</summary>
    public static async Task WriteFilesAsync(string repo, string dir)
    {
        var script = Path.Combine(dir, "make_files.py");
        await File.WriteAllTextAsync(script, $$"""
            import gzip, io, sys, zipfile
            import numpy as np
            sys.path.insert(0, {{Py(Path.Combine(repo, "starter-kits", "supernet"))}})
            import torch
            from supernet import SuperNet
            from export import save_pt

            def read(split, start, count):
                root = "/usr/share/datasets/fashion-mnist"
                with gzip.open(f"{root}/{split}-images-idx3-ubyte.gz") as f:
                    x = np.frombuffer(f.read(), np.uint8, offset=16).reshape(-1, 1, 28, 28)
                with gzip.open(f"{root}/{split}-labels-idx1-ubyte.gz") as f:
                    y = np.frombuffer(f.read(), np.uint8, offset=8)
                return x[start:start + count].astype(np.float32) / 255.0, y[start:start + count].astype(np.int64)

            def asset(path, x, y):
                with zipfile.ZipFile(path, "w") as z:
                    for name, a in (("x.npy", x), ("y.npy", y)):
                        b = io.BytesIO()
                        np.save(b, a)
                        z.writestr(name, b.getvalue())

            asset({{Py(Path.Combine(dir, "eval.zip"))}}, *read("train", 50000, 256))
            asset({{Py(Path.Combine(dir, "calibration.zip"))}}, *read("train", 52000, 128))
            torch.manual_seed(0)
            save_pt(SuperNet("demo").state_dict(), {{Py(Path.Combine(dir, "supernet.pt"))}})
            """);
        // Debian's Python: it has numpy and torch (python3-numpy, python3-torch); a python3 earlier on PATH may not.
        await Os.RunAsync(Python.Interpreter, script);
    }

    private static string Py(string s) => "'" + s.Replace("\\", "\\\\").Replace("'", "\\'") + "'";

    public static async Task<Workload> SetUpAsync(Uri web, string files)
    {
        var organizer = await Api.NewUserAsync(web, "organizer");
        var participant = await Api.NewUserAsync(web, "participant");
        var slug = "faults-" + Guid.NewGuid().ToString("N")[..8];
        await Api.Ok(organizer.PostAsJsonAsync("competitions", new { slug, title = "Fault injection", description = "Faults injected.", rules = "None." }));
        await Api.Ok(organizer.PostAsJsonAsync($"competitions/{slug}/tracks", new { slug = "prediction", title = "Prediction", kind = "Predictor" }));
        await Api.Ok(organizer.PostAsJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "supernet",
            title = "Supernet",
            kind = "Supernet",
            maxSubmissionBytes = 512L << 20,
            settings = new { space = "demo", bnCalibrationBatches = 1, batchSize = 128, threads = 1, shardSize = 3 },
        }));
        var prediction = await PhaseAsync(organizer, slug, "prediction");
        var supernet = await PhaseAsync(organizer, slug, "supernet");

        var query = new JsonObject();
        var csv = new StringBuilder("arch_id,prediction\n");
        for (var i = 1; i <= 1000; i++)
        {
            var acc = 0.9 + (i % 97) / 1000.0;
            query[$"a{i}"] = new JsonObject { ["acc"] = acc, ["split"] = i % 3 == 0 ? "private" : "public" };
            csv.Append(CultureInfo.InvariantCulture, $"a{i},{acc + (i * 7919 % 13) / 1000.0}\n");
        }
        await Asset(organizer, prediction, "query-set", "q.json", Encoding.UTF8.GetBytes(query.ToJsonString()));
        var benchmark = new JsonObject();
        for (var i = 0; i < Architectures.Length; i++)
        {
            var acc = Architectures[i].Split('-').Sum(int.Parse) / 200.0;
            benchmark[$"arch{i + 1}"] = new JsonObject { ["arch"] = Architectures[i], ["acc"] = acc, ["split"] = i % 3 == 2 ? "private" : "public" };
        }
        await Asset(organizer, supernet, "benchmark", "benchmark.json", Encoding.UTF8.GetBytes(benchmark.ToJsonString()));
        await Asset(organizer, supernet, "eval-data", "eval-data.zip", await File.ReadAllBytesAsync(Path.Combine(files, "eval.zip")));
        await Asset(organizer, supernet, "calibration-data", "calibration-data.zip", await File.ReadAllBytesAsync(Path.Combine(files, "calibration.zip")));
        await PublishAsync(organizer, slug);
        await Api.Ok(participant.PostAsJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }));
        return new Workload(participant, slug, prediction, supernet, Encoding.UTF8.GetBytes(csv.ToString()),
            await File.ReadAllBytesAsync(Path.Combine(files, "supernet.pt")));
    }

    /// <summary>Through the pre-publish check (ADR 0031), waiting while the workers validate the hidden assets.</summary>
    private static async Task PublishAsync(HttpClient organizer, string slug)
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        while (true)
        {
            using var response = await organizer.PostAsync($"competitions/{slug}/publish", null);
            var body = await response.Content.ReadAsStringAsync();
            if (response.IsSuccessStatusCode)
            {
                return;
            }
            if (!body.Contains("still being validated", StringComparison.Ordinal) || DateTimeOffset.UtcNow > until)
            {
                throw new InvalidOperationException($"Publishing '{slug}' answered {(int)response.StatusCode}: {body}");
            }
            await Task.Delay(500);
        }
    }

    private static async Task<string> PhaseAsync(HttpClient organizer, string slug, string track)
    {
        var phase = await Api.Json(organizer.PostAsJsonAsync($"competitions/{slug}/tracks/{track}/phases", new
        {
            slug = "phase",
            title = "Phase",
            startsAt = DateTimeOffset.UtcNow.AddDays(-1),
            endsAt = DateTimeOffset.UtcNow.AddDays(1),
            primaryMetric = "kendall_tau",
            dailyLimit = (int?)null,
            totalLimit = (int?)null,
        }));
        return phase["id"]!.GetValue<string>();
    }

    private static async Task Asset(HttpClient organizer, string phase, string kind, string name, byte[] content)
    {
        var form = new MultipartFormDataContent { { new StringContent(kind), "kind" }, { new ByteArrayContent(content), "file", name } };
        await Api.Ok(organizer.PostAsync($"phases/{phase}/assets", form));
    }

    public Task<HttpResponseMessage> SubmitPredictionAsync() => SubmitPredictionAsync(Participant);

    /// <summary>A prediction file sent by <paramref name="who"/> (a participant of another team).</summary>
    public Task<HttpResponseMessage> SubmitPredictionAsync(HttpClient who) =>
        who.PostAsync($"phases/{_predictionPhase}/submissions", Api.File("p.csv", new ByteArrayContent(_csv)));

    /// <summary>A new participant registered for the competition: a team of their own.</summary>
    public async Task<HttpClient> NewTeamAsync(Uri web, string name)
    {
        var participant = await Api.NewUserAsync(web, name);
        await Api.Ok(participant.PostAsJsonAsync($"competitions/{Slug}/registrations", new { acceptRules = true }));
        return participant;
    }

    public Task<HttpResponseMessage> SubmitSupernetAsync() =>
        Participant.PostAsync($"phases/{_supernetPhase}/submissions", Api.File("supernet.pt", new ByteArrayContent(_supernet)));
}
