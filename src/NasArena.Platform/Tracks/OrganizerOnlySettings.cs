using System.Text.Json.Nodes;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tracks;

/// <summary>Track settings only organizers see, as each kind's descriptor names them (the seed of the unseen-data private
/// split would tell which test items are private). Keys of every kind, so that a reader needs no kind.</summary>
public static class OrganizerOnlySettings
{
    public static readonly string[] Keys = [.. TrackCatalog.All.SelectMany(d => d.OrganizerOnlySettings).Distinct()];

    /// <summary>The settings without those keys, at the top level and in every phase's overrides.</summary>
    public static string Remove(string settingsJson)
    {
        if (JsonNode.Parse(settingsJson) is not JsonObject root) return settingsJson;
        var objects = new List<JsonObject> { root };
        if (root[PhaseSettings.Key] is JsonObject phases)
            objects.AddRange(phases.Select(p => p.Value).OfType<JsonObject>());
        foreach (var o in objects)
            foreach (var key in Keys)
                o.Remove(key);
        return root.ToJsonString();
    }
}
