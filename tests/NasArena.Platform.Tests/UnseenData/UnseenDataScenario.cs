using System.IO.Compression;
using System.Net;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.UnseenData;

/// <summary>
/// An unseen-data track set up through the API with the sandbox's two demo data sets at a tenth of the demo's size
/// (scripts/make-unseen-datasets.py: 200 train, 100 valid, 100 test) and a 15 s time limit, so a package runs in seconds.
/// </summary>
public sealed record UnseenDataScenario(ApiClient Organizer, ApiClient Participant, string Slug, Guid PhaseId)
{
    public string CliPhase => $"{Slug}/unseen-data/stage-1";

    private static readonly Lazy<Task<string>> Datasets = new(() => MakeDatasetsAsync());

    // The same data sets with the benchmarks at chance (10 and 25 %), so that rule-based packages score above the floor.
    private static readonly Lazy<Task<string>> ChanceDatasets = new(() => MakeDatasetsAsync("--benchmark-fashion", "10", "--benchmark-groups", "25"));

    /// <summary>The folder of the scenario's data set zips (fashion.zip, fashion-groups.zip).</summary>
    public static Task<string> DatasetFolderAsync(bool chanceBenchmarks) => (chanceBenchmarks ? ChanceDatasets : Datasets).Value;

    /// <param name="timeLimitSeconds">Per data set and phase; packages that sleep on purpose need more than the 15 s.</param>
    /// <param name="chanceBenchmarks">Benchmarks of 10 and 25 % instead of the baseline's accuracies.</param>
    /// <param name="phaseOverrides">The phase as <see cref="Scenario.OpenPhaseAsync"/> takes it (e.g. with hideLogs); null: its default.</param>
    /// <param name="workerLater">The host validates no asset yet (a web process whose worker the test starts later): published
    /// without waiting for the check (<see cref="Scenario.PublishUncheckedAsync"/>).</param>
    public static async Task<UnseenDataScenario> CreateAsync(PlatformHost host, int timeLimitSeconds = 15, bool chanceBenchmarks = false,
        object? phaseOverrides = null, bool workerLater = false)
    {
        var organizer = await Scenario.NewOrganizerAsync(host, "organizer");
        var participant = await Scenario.NewUserAsync(host, "participant");
        var slug = "u-" + Guid.NewGuid().ToString("N")[..10];
        await organizer.PostJsonAsync("competitions", new { slug, title = "Unseen-data test", description = Scenario.Description, rules = "Be fair." }, HttpStatusCode.Created);
        await organizer.PostJsonAsync($"competitions/{slug}/tracks", new
        {
            slug = "unseen-data",
            title = "Unseen data",
            kind = "UnseenData",
            settings = new { timeLimitSeconds, predictionGraceSeconds = 10, cpuThreads = 1, memoryLimitBytes = 4L * 1024 * 1024 * 1024 },
        }, HttpStatusCode.Created);
        var phaseId = await Scenario.OpenPhaseAsync(organizer, slug, "unseen-data", "score", phaseOverrides);
        var folder = await DatasetFolderAsync(chanceBenchmarks);
        foreach (var file in new[] { "fashion.zip", "fashion-groups.zip" })
        {
            // Each data set under its own name: assets of one kind with the same name replace each other.
            var upload = await organizer.Http.PostAsync($"phases/{phaseId}/assets", ApiClient.Multipart(file, await File.ReadAllBytesAsync(Path.Combine(folder, file)),
                new Dictionary<string, string> { ["kind"] = "dataset", ["name"] = Path.GetFileNameWithoutExtension(file), ["public"] = "false" }));
            await ApiClient.ExpectAsync(upload, HttpStatusCode.Created);
        }
        await (workerLater ? Scenario.PublishUncheckedAsync(host, slug) : Scenario.PublishAsync(organizer, slug));
        await participant.PostJsonAsync($"competitions/{slug}/registrations", new { acceptRules = true }, HttpStatusCode.Created);
        return new UnseenDataScenario(organizer, participant, slug, phaseId);
    }

    private static async Task<string> MakeDatasetsAsync(params string[] more)
    {
        var folder = Directory.CreateTempSubdirectory("nasarena-unseen-sets").FullName;
        var result = await Python.RunAsync(folder, null, [Path.Combine(TestServers.RepoRoot, "scripts", "make-unseen-datasets.py"),
            "--out", folder, "--train", "200", "--valid", "100", "--test", "100", .. more]);
        Assert.True(result.ExitCode == 0, "scripts/make-unseen-datasets.py failed (needs python3-numpy and dataset-fashion-mnist): " + result);
        return folder;
    }

    /// <summary>A package zip of the starter kit's files in the folder, with files replaced or added.</summary>
    public static void WritePackage(string zipPath, string kitFolder, IDictionary<string, string>? overrides = null)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        var kit = Path.Combine(TestServers.RepoRoot, "starter-kits", "unseen-data", kitFolder);
        var files = Directory.GetFiles(kit, "*.py").ToDictionary(f => Path.GetFileName(f), File.ReadAllText);
        foreach (var (name, text) in overrides ?? new Dictionary<string, string>())
        {
            files[name] = text;
        }
        foreach (var (name, text) in files)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name).Open());
            writer.Write(text);
        }
    }
}
