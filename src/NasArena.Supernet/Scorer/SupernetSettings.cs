using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Spaces;

namespace NasArena.Supernet.Scorer;

/// <summary>
/// The supernet track's settings (the track's settings JSON); every field but "space" has a default.
/// </summary>
/// <param name="Space">"space": a built-in search space name.</param>
/// <param name="Mode">"mode": "checkpoint" (the platform evaluates an uploaded supernet) or "score-file" (CVPR 2021 style JSON of scores).</param>
/// <param name="ScoreBy">"scoreBy": "accuracy" or "loss" (the score is the negated loss).</param>
/// <param name="BnCalibrationBatches">"bnCalibrationBatches": 0 uses the stored BN statistics; K recomputes them per subnet on K batches of the calibration data.</param>
/// <param name="BatchSize">"batchSize": evaluation and calibration batch size.</param>
/// <param name="MaxBytes">"maxBytes": largest accepted checkpoint.</param>
/// <param name="Threads">"threads": CPU threads; fixed so that a score does not depend on the worker.</param>
public sealed record SupernetSettings(
    SearchSpace Space,
    string Mode = "checkpoint",
    string ScoreBy = "accuracy",
    int BnCalibrationBatches = 0,
    int BatchSize = 256,
    long MaxBytes = 256L << 20,
    int Threads = 2)
{
    public bool ScoreFileMode => Mode == "score-file";

    public static SupernetSettings Parse(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object) throw Bad("the supernet track's settings must be a JSON object");
        string Str(string name, string fallback) =>
            !settings.TryGetProperty(name, out var v) ? fallback
            : v.ValueKind == JsonValueKind.String ? v.GetString()! : throw Bad($"setting '{name}' must be a string");
        long Num(string name, long fallback, long min, long max) =>
            !settings.TryGetProperty(name, out var v) ? fallback
            : v.TryGetInt64(out var n) && n >= min && n <= max ? n : throw Bad($"setting '{name}' must be an integer from {min} to {max}");

        if (!settings.TryGetProperty("space", out _)) throw Bad($"setting 'space' is missing; known spaces: {string.Join(", ", SearchSpaces.All.Select(s => s.Name))}");
        var mode = Str("mode", "checkpoint");
        if (mode is not ("checkpoint" or "score-file")) throw Bad($"setting 'mode' is '{mode}'; expected 'checkpoint' or 'score-file'");
        var scoreBy = Str("scoreBy", "accuracy");
        if (scoreBy is not ("accuracy" or "loss")) throw Bad($"setting 'scoreBy' is '{scoreBy}'; expected 'accuracy' or 'loss'");
        return new SupernetSettings(
            SearchSpaces.Get(Str("space", "")),
            mode,
            scoreBy,
            (int)Num("bnCalibrationBatches", 0, 0, 10_000),
            (int)Num("batchSize", 256, 1, 65_536),
            Num("maxBytes", 256L << 20, 1, 1L << 40),
            (int)Num("threads", 2, 1, 256));
    }

    static ScoringConfigurationException Bad(string what) => new($"Supernet track settings: {what}.");
}
