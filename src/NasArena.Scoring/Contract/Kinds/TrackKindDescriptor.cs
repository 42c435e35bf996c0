using System.Text.Json;

namespace NasArena.Scoring.Contract.Kinds;

/// <summary>
/// Everything the platform and its pages know about one track kind, in one place (ADR 0013): each kind's light project
/// (NasArena.X.Kind, no heavy dependencies, so the web process loads it) holds one, and its heavy worker-only module
/// (<see cref="Module"/>) holds the scorer. Nothing outside the descriptors branches on the kind: the registry
/// (NasArena.Platform.Tracks.TrackCatalog) lists them, and every page, check and message reads them.
/// </summary>
public sealed record TrackKindDescriptor
{
    public required TrackKind Kind { get; init; }

    /// <summary>"Performance prediction": the editor's kind list, the demo's track title.</summary>
    public required string DisplayName { get; init; }

    /// <summary>What a participant uploads, for the competition page ("upload predicted accuracies").</summary>
    public required string Description { get; init; }

    /// <summary>The queue its work goes to ("cpu" or "gpu", NasArena.Platform.Jobs.Queues).</summary>
    public required string Queue { get; init; }

    /// <summary>The metrics its scorer reports, name → higher is better, in the order the editor offers them (the first is the default primary).</summary>
    public required IReadOnlyDictionary<string, bool> Metrics { get; init; }

    /// <summary>The assembly-qualified name of its <see cref="ITrackModule"/>, loaded by name so that a process that
    /// does not ship the heavy library (the web image has no TorchSharp) never loads it.</summary>
    public required string Module { get; init; }

    /// <summary>The scorer is light enough for the web process, which then prechecks files at upload.</summary>
    public bool ScoredInWeb { get; init; }

    /// <summary>The kinds of hidden asset its scorer takes (the same as the scorer's AssetKinds, known here because the web process does not load every scorer).</summary>
    public required IReadOnlyList<string> HiddenAssetKinds { get; init; }

    /// <summary>Which hidden assets a phase needs before publishing, given the phase's merged settings (default: all).</summary>
    public Func<JsonElement, IReadOnlyList<string>>? RequiredAssetsOf { get; init; }

    public IReadOnlyList<string> RequiredAssets(JsonElement phaseSettings) => RequiredAssetsOf?.Invoke(phaseSettings) ?? HiddenAssetKinds;

    public required SubmissionFileRule Files { get; init; }

    public required ProgressUnit Progress { get; init; }

    /// <summary>What its bootstrap resamples, in words (the leaderboard's note, the CLI's header).</summary>
    public string Resampled { get; init; } = "the hidden architectures";

    public required SettingsSchema Settings { get; init; }

    /// <summary>Settings participants never see (their track's settings and provenance are shown without them).</summary>
    public IReadOnlyList<string> OrganizerOnlySettings { get; init; } = [];

    /// <summary>A secret the platform makes per phase when the organizer sets none (the private-split seed, ADR 0035): the settings key, or null.</summary>
    public string? PlatformSecretSetting { get; init; }

    /// <summary>The operator's sandbox ceilings apply to its settings when saved (ADR 0033).</summary>
    public bool SandboxCeilingsApply { get; init; }

    /// <summary>What keeps a track of this kind from being published, given its settings (e.g. no search space), each a sentence.</summary>
    public Func<JsonElement, IEnumerable<string>>? PublishProblemsOf { get; init; }

    public IEnumerable<string> PublishProblems(JsonElement settings) => PublishProblemsOf?.Invoke(settings) ?? [];

    /// <summary>A line under the settings form, given the operator's ceilings (what else the platform caps), or null.</summary>
    public Func<SandboxCeilings, string>? SettingsNote { get; init; }

    /// <summary>
    /// Whether the public and private boards would score the same hidden items, given the phase's merged settings
    /// (the publish check refuses that when the organizer asked for a split, ADR 0042). Default: never, every hidden
    /// item belongs to one board.
    /// </summary>
    public Func<JsonElement, bool>? BoardsShareItemsOf { get; init; }

    public bool BoardsShareItems(JsonElement phaseSettings) => BoardsShareItemsOf?.Invoke(phaseSettings) ?? false;

    /// <summary>The hidden items one board ranks over, in words, given the board's name ("public" or "private").</summary>
    public Func<string, string> BoardItems { get; init; } = board => $"the hidden set's {board} split";

    /// <summary>The words for the items when both boards share them (see <see cref="BoardsShareItemsOf"/>).</summary>
    public string SharedBoardItems { get; init; } = "every hidden item (the same as the other board)";

    /// <summary>
    /// The scorer's settings for a debug run (ADR 0044), given the phase's merged settings (JSON) and the debug time limit
    /// in seconds: a kind that runs participant code lowers its time limit there and shows the log. Default: unchanged,
    /// the kind scores a file without running participant code, so there is no time limit to lower.
    /// </summary>
    public Func<string, double, string>? DebugRunSettingsOf { get; init; }

    public string DebugRunSettings(string settingsJson, double limitSeconds) => DebugRunSettingsOf?.Invoke(settingsJson, limitSeconds) ?? settingsJson;

    /// <summary>The assembly that holds the kind's scorer.</summary>
    public string Assembly => Module[(Module.IndexOf(',') + 1)..].Trim();
}

/// <summary>The files a kind takes: checked by name when an upload starts (the scorer's precheck stays the authority on content).</summary>
/// <param name="Extensions">Lower-case extensions with the dot; null: any name (recognised by content).</param>
/// <param name="Text">The submit panel's words for what it takes ("a .zip package").</param>
/// <param name="DefaultMaxBytes">The largest submission when the organizer sets none.</param>
public sealed record SubmissionFileRule(IReadOnlyList<string>? Extensions, string Text, long DefaultMaxBytes);

/// <summary>
/// The unit a submission's progress counts in. <paramref name="OneAtATime"/>: units run one after another and the one
/// running is named ("data set 2 of 3"); otherwise a count ("412 / 1,000 architectures").
/// </summary>
public sealed record ProgressUnit(string Singular, string Plural, bool OneAtATime);
