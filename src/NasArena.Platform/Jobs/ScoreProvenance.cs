using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Jobs;

/// <summary>A hidden asset a score used; <paramref name="Version"/> 0 in scores recorded before versions were.</summary>
public sealed record AssetProvenance(string Kind, string Name, string Sha256, int Version = 0);

/// <summary>The machine that wrote the score: enough to tell two workers apart when a rescore moves a number.</summary>
public sealed record WorkerProvenance(string Os, string Architecture, int Cores, string? Processor, string Runtime,
    IReadOnlyDictionary<string, string> Libraries);

/// <summary>
/// What produced a score (issue 14): the scorer's version, the SHA-256 of the submission file as scored (hashed from the
/// staged copy, not copied from the upload record) and of each hidden asset, the track settings as the scorer got them
/// (merged for the phase), the worker, when the run started and ended and how many attempts it took. Stored with the score
/// as JSON; a sharded kind's per-shard evaluators are in its details ("evaluatedBy"). <see cref="Timeline"/>: where the time
/// from upload to score went (<see cref="ScoringTimeline"/>; null in scores recorded before it was).
/// </summary>
public sealed record ScoreProvenance(string ScorerVersion, int ScoringRun, string SubmissionSha256, IReadOnlyList<AssetProvenance> Assets,
    JsonElement TrackSettings, WorkerProvenance Worker, DateTimeOffset? StartedAt, DateTimeOffset FinishedAt, int Attempts, int ShardAttempts,
    IReadOnlyList<TimelineStep>? Timeline = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static async Task<ScoreProvenance> CaptureAsync(IScorer scorer, ScoringWorkspace workspace, int run, int attempts, int shardAttempts,
        DateTimeOffset? startedAt, DateTimeOffset finishedAt, CancellationToken ct)
    {
        string sha;
        await using (var file = File.OpenRead(workspace.Request.SubmissionPath))
        {
            sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
        }
        var assets = workspace.Request.Assets.OrderBy(a => a.Kind, StringComparer.Ordinal).ThenBy(a => a.Name, StringComparer.Ordinal)
            .Select(a => new AssetProvenance(a.Kind, a.Name, a.Sha256, a.Version)).ToList();
        return new ScoreProvenance(scorer.Version, run, sha, assets, workspace.Request.TrackSettings.Clone(), CurrentWorker(scorer), startedAt,
            finishedAt, attempts, shardAttempts);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>
    /// The stored JSON for a reader. Participants do not see organizer-only settings (OrganizerOnlySettings), nor a hidden
    /// asset's hash or name (issue 23): a hash identifies the file (and where a runner stages it), a name may tell which
    /// unseen data set it is. They are told its kind and version ("the hidden query set, version 3") instead.
    /// </summary>
    /// <param name="debug">A debug run's: its assets are the debug split's, said so (ADR 0044).</param>
    public static JsonNode? ForReader(string? json, bool organizer, bool debug = false)
    {
        if (json is null) return null;
        var node = JsonNode.Parse(json);
        if (organizer || node is not JsonObject root) return node;
        if (root["trackSettings"] is JsonObject settings)
        {
            root["trackSettings"] = JsonNode.Parse(OrganizerOnlySettings.Remove(settings.ToJsonString()));
        }
        if (root["assets"] is JsonArray assets)
        {
            root["assets"] = new JsonArray(assets.OfType<JsonObject>().Select(a =>
            {
                var kind = a["kind"]?.GetValue<string>() ?? "asset";
                var version = a["version"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : 0;
                var label = debug ? Label(kind, version).Replace("the hidden ", "the debug split's ") : Label(kind, version);
                return (JsonNode)new JsonObject { ["kind"] = kind, ["version"] = version, ["label"] = label };
            }).ToArray());
        }
        return root;
    }

    /// <summary>"the hidden query set, version 3"; without the version for scores recorded before assets had one.</summary>
    public static string Label(string kind, int version) =>
        $"the hidden {kind.Replace('-', ' ').Replace('_', ' ')}" + (version > 0 ? $", version {version}" : "");

    public static ScoreProvenance? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<ScoreProvenance>(json, Json);

    private static WorkerProvenance CurrentWorker(IScorer scorer)
    {
        // The scoring libraries themselves, and TorchSharp where a kind loaded it.
        var libraries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var assembly in new[] { typeof(IScorer).Assembly, scorer.GetType().Assembly, typeof(ScoreProvenance).Assembly }
                     .Concat(AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name is "TorchSharp" or "Npgsql" or "Microsoft.Data.Sqlite")))
        {
            var name = assembly.GetName();
            libraries[name.Name ?? "?"] = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]
                ?? name.Version?.ToString() ?? "unknown";
        }
        return new WorkerProvenance(RuntimeInformation.OSDescription, RuntimeInformation.ProcessArchitecture.ToString(),
            Environment.ProcessorCount, Processor(), RuntimeInformation.FrameworkDescription, libraries);
    }

    private static string? Processor()
    {
        try
        {
            return File.Exists("/proc/cpuinfo")
                ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }
}
