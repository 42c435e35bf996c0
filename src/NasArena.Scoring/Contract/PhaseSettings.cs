using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasArena.Scoring.Contract;

/// <summary>
/// A track's settings as one phase sees them: a track may hold "phases": {"phase-slug": {...}}, whose keys replace the
/// track's own for that phase (e.g. a per-data-set time budget in the final phase, a shared one before). Scorers get
/// the merged object, without the "phases" key, so each kind's settings stay flat.
/// </summary>
public static class PhaseSettings
{
    public const string Key = "phases";

    public static string Merge(string trackSettingsJson, string phaseSlug)
    {
        if (JsonNode.Parse(trackSettingsJson) is not JsonObject track || !track.ContainsKey(Key)) return trackSettingsJson;
        var phases = track[Key];
        track.Remove(Key);
        if (phases is JsonObject byPhase && byPhase[phaseSlug] is JsonObject overrides)
            foreach (var (key, value) in overrides)
                track[key] = value?.DeepClone();
        return track.ToJsonString();
    }

    /// <summary>Checks the shape of "phases" when an organizer saves the settings; the message names what is wrong.</summary>
    public static string? Problem(JsonElement trackSettings)
    {
        if (trackSettings.ValueKind != JsonValueKind.Object || !trackSettings.TryGetProperty(Key, out var phases)) return null;
        if (phases.ValueKind != JsonValueKind.Object)
            return $"Track setting '{Key}' must be an object of phase slugs to settings, got {phases.ValueKind}.";
        foreach (var p in phases.EnumerateObject())
            if (p.Value.ValueKind != JsonValueKind.Object)
                return $"Track setting '{Key}.{p.Name}' must be an object of settings for phase '{p.Name}', got {p.Value.ValueKind}.";
        return null;
    }
}
