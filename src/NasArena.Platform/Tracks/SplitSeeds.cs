using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Tracks;

/// <summary>
/// The platform's private-split seed of a phase (ADR 0035). With an empty or guessable seed anyone can compute which test
/// items are private (the split is a published function of seed, data set and count), so the platform makes one from a
/// cryptographic generator and hands it to the scorer when the organizer's settings have none.
/// </summary>
public static class SplitSeeds
{

    /// <summary>256 random bits, hex.</summary>
    public static string New() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>
    /// The phase's stored seed; a phase made before seeds were stored gets one now, once: a conditional update, so two
    /// workers racing here both end with the seed that was written first.
    /// </summary>
    public static async Task<string> OfAsync(NasArenaDb db, Phase phase, CancellationToken ct)
    {
        if (phase.PrivateSplitSeed is { } seed)
        {
            return seed;
        }
        var made = New();
        await db.Phases.Where(p => p.Id == phase.Id && p.PrivateSplitSeed == null)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.PrivateSplitSeed, made), ct);
        return await db.Phases.Where(p => p.Id == phase.Id).Select(p => p.PrivateSplitSeed!).SingleAsync(ct);
    }

    /// <summary>
    /// The merged settings with the platform's seed where the organizer set none or an empty one (an organizer's own
    /// non-empty seed wins: theirs to keep secret).
    /// </summary>
    /// <param name="key">The kind's settings key for it (TrackKindDescriptor.PlatformSecretSetting).</param>
    public static string Apply(string mergedSettingsJson, string key, string seed)
    {
        if (JsonNode.Parse(mergedSettingsJson) is not JsonObject root ||
            (root[key] is JsonValue own && own.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text)))
        {
            return mergedSettingsJson;
        }
        root[key] = seed;
        return root.ToJsonString();
    }
}
