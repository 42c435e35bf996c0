using System.Text.Json;
using NasArena.Scoring.Contract;
using NasArena.Supernet.Kind;
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

    /// <summary>Reads the settings through the kind's schema (NasArena.Supernet.Kind), the one reader of its keys.</summary>
    public static SupernetSettings Parse(JsonElement settings)
    {
        if (settings.ValueKind != JsonValueKind.Object) throw Bad("the supernet track's settings must be a JSON object");
        var schema = SupernetKind.Settings;
        schema.Check(settings);
        if (!settings.TryGetProperty("space", out _)) throw Bad($"setting 'space' is missing; known spaces: {string.Join(", ", SearchSpaces.All.Select(s => s.Name))}");
        return new SupernetSettings(
            SearchSpaces.Get(schema.Text(settings, "space")),
            schema.Text(settings, "mode"),
            schema.Text(settings, "scoreBy"),
            (int)schema.Integer(settings, "bnCalibrationBatches"),
            (int)schema.Integer(settings, "batchSize"),
            schema.Integer(settings, "maxBytes"),
            (int)schema.Integer(settings, "threads"));
    }

    static ScoringConfigurationException Bad(string what) => new($"Supernet track settings: {what}.");
}
