using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>What a participant may see of a score: no private numbers before publication, no logs when hidden.</summary>
public sealed class SubmissionViewTests
{
    private static Submission Scored(string details) => new()
    {
        FileName = "p.zip",
        Status = SubmissionStatus.Scored,
        Score = new Score
        {
            PublicMetricsJson = "{\"score\": 1.5}", PrivateMetricsJson = "{\"score\": 2.5}", ScorerVersion = "v",
            DetailsJson = details,
        },
    };

    private static Phase Phase(bool hideLogs, string trackSettings = "{}", bool published = false) => new()
    {
        Slug = "p", Title = "P", PrimaryMetric = "score", HideLogs = hideLogs, PrivatePublished = published,
        Track = new Track { Slug = "t", Title = "T", SettingsJson = trackSettings },
    };

    private const string Details = "{\"datasets\": [{\"name\": \"a\"}], \"logs\": \"Traceback ...\", \"private\": {\"x\": 1}}";

    [Fact]
    public void LogsAreHiddenFromParticipantsWhenThePhaseOrTheTrackSaysSo()
    {
        Assert.NotNull(SubmissionView.From(Scored(Details), "t", Phase(hideLogs: false), organizer: false).Details!["logs"]);
        Assert.Null(SubmissionView.From(Scored(Details), "t", Phase(hideLogs: true), organizer: false).Details!["logs"]);
        Assert.Null(SubmissionView.From(Scored(Details), "t", Phase(false, "{\"hideLogs\": true}"), organizer: false).Details!["logs"]);
        Assert.NotNull(SubmissionView.From(Scored(Details), "t", Phase(hideLogs: true), organizer: true).Details!["logs"]);
        Assert.NotNull(SubmissionView.From(Scored(Details), "t", Phase(hideLogs: true), organizer: false).Details!["datasets"]);
    }

    [Fact]
    public void PrivateNumbersAppearOnlyOncePublishedOrToOrganizers()
    {
        var hidden = SubmissionView.From(Scored(Details), "t", Phase(false), organizer: false);
        Assert.Null(hidden.PrivateMetrics);
        Assert.Null(hidden.Details!["private"]);
        Assert.Equal(1.5, hidden.PublicMetrics!["score"]);
        Assert.Equal(2.5, SubmissionView.From(Scored(Details), "t", Phase(false, published: true), organizer: false).PrivateMetrics!["score"]);
        Assert.Equal(2.5, SubmissionView.From(Scored(Details), "t", Phase(false), organizer: true).PrivateMetrics!["score"]);
    }
}
