using System.Text.Json;
using NasArena.Platform.Domain;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Competitions;

/// <summary>The parts of a competition's set-up, as the organizer editor's tabs show them.</summary>
public enum SetupPart
{
    Details,
    Tracks,
    Phases,
    Assets,
    Organizers,
}

/// <summary>One thing the pre-publish check found: <see cref="Blocks"/> ones keep the competition from being published;
/// the others are advice (a phase without a baseline can still run).</summary>
public sealed record PublishItem(SetupPart Part, bool Blocks, string Text);

/// <summary>
/// What a competition still lacks before participants can use it, in one place for the editor's tabs, the editor's
/// pre-publish list and <see cref="CompetitionService.PublishAsync"/>: what is listed here is what publishing refuses.
/// </summary>
public static class PublishCheck
{
    /// <param name="baselinePhases">The phases that have a scored baseline submission.</param>
    /// <param name="organizers">How many organizers the competition has.</param>
    public static List<PublishItem> Run(Competition competition, IReadOnlySet<Guid> baselinePhases, int organizers)
    {
        var items = new List<PublishItem>();
        void Block(SetupPart part, string text) => items.Add(new(part, true, text));
        void Advise(SetupPart part, string text) => items.Add(new(part, false, text));

        if (string.IsNullOrWhiteSpace(competition.Title))
        {
            Block(SetupPart.Details, "The competition has no title.");
        }
        if (string.IsNullOrWhiteSpace(competition.Description))
        {
            Block(SetupPart.Details, "The competition has no description: participants would not know what it is about.");
        }
        if (string.IsNullOrWhiteSpace(competition.Rules))
        {
            Block(SetupPart.Details, "The competition has no rules: registering means accepting them.");
        }
        if (organizers < 1)
        {
            Block(SetupPart.Organizers, "The competition has no organizer.");
        }
        if (competition.Tracks.Count == 0)
        {
            Block(SetupPart.Tracks, "The competition has no track.");
        }
        foreach (var track in competition.Tracks.OrderBy(t => t.Slug))
        {
            CheckTrack(track, baselinePhases, Block, Advise);
        }
        return items;
    }

    private static void CheckTrack(Track track, IReadOnlySet<Guid> baselinePhases, Action<SetupPart, string> block, Action<SetupPart, string> advise)
    {
        var entry = TrackCatalog.Get(track.Kind);
        using var settings = JsonDocument.Parse(string.IsNullOrWhiteSpace(track.SettingsJson) ? "{}" : track.SettingsJson);
        if (PhaseSettings.Problem(settings.RootElement) is { } problem)
        {
            block(SetupPart.Tracks, $"Track '{track.Title}': {problem}");
        }
        foreach (var kindProblem in entry.Settings.ProblemsWithPhases(settings.RootElement).Concat(entry.PublishProblems(settings.RootElement)))
        {
            block(SetupPart.Tracks, $"Track '{track.Title}': {kindProblem}");
        }
        var phases = track.Phases.OrderBy(p => p.StartsAt).ToList();
        if (phases.Count == 0)
        {
            block(SetupPart.Phases, $"Track '{track.Title}' has no phase: nobody could submit to it.");
        }
        for (var i = 0; i < phases.Count; i++)
        {
            var phase = phases[i];
            var name = $"Phase '{track.Title} · {phase.Title}'";
            if (!entry.Metrics.ContainsKey(phase.PrimaryMetric))
            {
                block(SetupPart.Phases, $"{name} ranks by '{phase.PrimaryMetric}', which a {track.Kind} track does not produce " +
                    $"(it produces {string.Join(", ", entry.Metrics.Keys)}).");
            }
            if (i > 0 && phase.StartsAt > phases[i - 1].EndsAt)
            {
                block(SetupPart.Phases, $"There is a gap between phases '{phases[i - 1].Title}' (ends {Utc(phases[i - 1].EndsAt)}) and " +
                    $"'{phase.Title}' (starts {Utc(phase.StartsAt)}) of track '{track.Title}': make one start when the other ends.");
            }
            else if (i > 0 && phase.StartsAt < phases[i - 1].EndsAt)
            {
                block(SetupPart.Phases, $"Phases '{phases[i - 1].Title}' and '{phase.Title}' of track '{track.Title}' overlap " +
                    $"({Utc(phase.StartsAt)} is before {Utc(phases[i - 1].EndsAt)}).");
            }
            if (Leaderboards.Finals.BoardRules.IdenticalBoardsProblem(track, phase) is { } identical)
            {
                block(SetupPart.Phases, identical);
            }
            var phaseSettings = JsonDocument.Parse(PhaseSettings.Merge(settings.RootElement.GetRawText(), phase.Slug));
            using (phaseSettings)
            {
                foreach (var kind in entry.RequiredAssets(phaseSettings.RootElement))
                {
                    if (!phase.Assets.Any(a => !a.IsPublic && !a.IsDebug && a.Kind == kind))
                    {
                        block(SetupPart.Assets, $"{name} has no hidden {kind}: the scorer has nothing to score against.");
                    }
                }
            }
            foreach (var asset in phase.Assets.Where(a => !a.IsPublic))
            {
                if (asset.Validation == AssetValidation.Pending)
                {
                    block(SetupPart.Assets, $"{name}: the {asset.Kind} '{asset.Name}' is still being validated on a worker.");
                }
                else if (asset.Validation == AssetValidation.Invalid)
                {
                    block(SetupPart.Assets, $"{name}: the {asset.Kind} '{asset.Name}' was refused by the scorer: {asset.ValidationMessage}");
                }
            }
            if (!baselinePhases.Contains(phase.Id))
            {
                advise(SetupPart.Phases, $"{name} has no baseline: participants will have no reference score to beat (submit one and mark it as baseline).");
            }
        }
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);
}
