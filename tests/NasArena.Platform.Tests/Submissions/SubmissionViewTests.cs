using NasArena.Platform.Tests.Infrastructure;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>What a participant may see of a score: no private numbers before publication, no logs when hidden.</summary>
[Trait("Category", "Unit")]
public sealed class SubmissionViewTests
{
    private static Submission Scored(string details) => new Submission
    {
        FileName = "p.zip",
        Score = new Score
        {
            PublicMetricsJson = "{\"score\": 1.5}",
            PrivateMetricsJson = "{\"score\": 2.5}",
            ScorerVersion = "v",
            DetailsJson = details,
        },
    }.Force(status: SubmissionStatus.Scored);

    private static Phase Phase(bool hideLogs, string trackSettings = "{}", bool published = false) => new()
    {
        Slug = "p",
        Title = "P",
        PrimaryMetric = "score",
        HideLogs = hideLogs,
        PrivatePublished = published,
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

    [Fact]
    public void HiddenLogsLeaveParticipantsThePlatformsReasonsOnly()
    {
        const string details = "{\"datasets\": [{\"reason\": \"Exception in phase 'train': ValueError: leak\", \"platformReason\": \"Exception in phase 'train': the package raised an error.\"}]}";
        var failed = new Submission
        {
            FileName = "p.zip",
            FailureReason = "The package failed on every data set.\na: Exception in phase 'train': the package raised an error.\n" +
                Scoring.Contract.PackageWords.Marker + "\na: Exception in phase 'train': ValueError: leak",
        }.Force(status: SubmissionStatus.Failed);
        var participant = SubmissionView.From(failed, "t", Phase(hideLogs: true), organizer: false);
        Assert.Equal("The package failed on every data set.\na: Exception in phase 'train': the package raised an error.", participant.FailureReason);
        Assert.Equal(failed.FailureReason, SubmissionView.From(failed, "t", Phase(hideLogs: true), organizer: true).FailureReason);
        Assert.Equal(failed.FailureReason, SubmissionView.From(failed, "t", Phase(hideLogs: false), organizer: false).FailureReason);

        var shown = SubmissionView.From(Scored(details), "t", Phase(hideLogs: true), organizer: false).Details!["datasets"]![0]!;
        Assert.Equal("Exception in phase 'train': the package raised an error.", shown["reason"]!.GetValue<string>());
        Assert.Null(shown["platformReason"]);
        Assert.Contains("leak", SubmissionView.From(Scored(details), "t", Phase(hideLogs: true), organizer: true).Details!.ToJsonString());
    }
}
