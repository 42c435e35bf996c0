using NasArena.Platform.Competitions;
using NasArena.Platform.Domain;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>What a phase form holds between edits; turned into the API's <see cref="PhaseInput"/> on save.</summary>
public sealed class PhaseForm
{
    public string? Slug { get; set; }
    public string? Title { get; set; }
    public DateTimeOffset? StartsAt { get; set; }
    public DateTimeOffset? EndsAt { get; set; }
    public int? DailyLimit { get; set; }
    public int? TotalLimit { get; set; }
    public string PrimaryMetric { get; set; } = "";
    public bool HigherIsBetter { get; set; } = true;
    public bool HideLogs { get; set; }

    /// <summary>Whether participants see the bootstrap intervals and tie groups (organizers always do; ADR 0018).</summary>
    public bool ShowUncertainty { get; set; } = true;

    /// <summary>The share of paired resamples an entry must win to be told apart, in [0.5, 1) (CompetitionService.TieLevelProblem).</summary>
    public double? TieLevel { get; set; } = 0.95;
    public string? Error { get; set; }
    public string? Saved { get; set; }

    public static PhaseForm Of(Phase p) => new()
    {
        Slug = p.Slug,
        Title = p.Title,
        StartsAt = p.StartsAt,
        EndsAt = p.EndsAt,
        DailyLimit = p.DailyLimit,
        TotalLimit = p.TotalLimit,
        PrimaryMetric = p.PrimaryMetric,
        HigherIsBetter = p.HigherIsBetter,
        HideLogs = p.HideLogs,
        ShowUncertainty = p.ShowUncertainty,
        TieLevel = p.TieLevel,
    };

    /// <summary>A new phase of the track: its kind's first metric; it starts where the track's last phase ends, so no gap opens.</summary>
    public static PhaseForm New(Track track)
    {
        var (metric, higher) = TrackCatalog.Get(track.Kind).Metrics.First();
        return new() { PrimaryMetric = metric, HigherIsBetter = higher, StartsAt = track.Phases.Count > 0 ? track.Phases.Max(p => p.EndsAt) : null };
    }

    /// <summary>Runs the save with the form's input; the service's refusal (or a missing date) becomes the form's error.</summary>
    public async Task<bool> RunAsync(Func<PhaseInput, Task<string>> save)
    {
        (Error, Saved) = (null, null);
        if (StartsAt is null || EndsAt is null)
        {
            Error = "Give the phase a start and an end, in UTC as yyyy-MM-dd HH:mm.";
            return false;
        }
        if (TieLevel is null)
        {
            Error = "Give the phase a tie level: at least 0.5 and below 1 (0.95 is the usual one).";
            return false;
        }
        if (CompetitionService.TieLevelProblem(TieLevel) is { } problem)
        {
            Error = problem;
            return false;
        }
        try
        {
            Saved = await save(new PhaseInput((Slug ?? "").Trim(), Title ?? "", StartsAt.Value, EndsAt.Value, DailyLimit, TotalLimit, PrimaryMetric, HigherIsBetter, HideLogs,
                ShowUncertainty, TieLevel));
            return true;
        }
        catch (DomainException e)
        {
            Error = e.Message;
            return false;
        }
    }
}
