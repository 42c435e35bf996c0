using NasArena.Platform.Tests.Infrastructure;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;
using NasArena.Platform.Submissions.Debug;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Tests.Submissions;

/// <summary>The debug run's rules that need no database (ADR 0044): its log is shown, its time limit only ever lowered.</summary>
[Trait("Category", "Unit")]
public sealed class DebugRunRulesTests
{
    private static Phase HidingPhase() => new()
    {
        Slug = "p",
        Title = "P",
        PrimaryMetric = "accuracy",
        HideLogs = true,
        Track = new Track { Slug = "t", Title = "T", Kind = TrackKind.UnseenData, SettingsJson = """{"hideLogs": true}""" },
    };

    private static Submission Scored(bool debug) => new Submission()
    {
        FileName = "package.zip",
        IsDebug = debug,
        Score = new Score { PublicMetricsJson = "{}", PrivateMetricsJson = "{}", ScorerVersion = "1", DetailsJson = """{"logs": "epoch 1: loss 0.5"}""" },
    }.Force(status: SubmissionStatus.Scored);

    [Fact]
    public void ADebugRunsLogIsShownToItsTeamWhereThePhaseHidesLogsAndARankedRunsIsNot()
    {
        var debug = SubmissionView.From(Scored(debug: true), "Team", HidingPhase(), organizer: false);
        Assert.Equal("epoch 1: loss 0.5", debug.Details!["logs"]!.GetValue<string>());
        var ranked = SubmissionView.From(Scored(debug: false), "Team", HidingPhase(), organizer: false);
        Assert.Null(ranked.Details!["logs"]);
    }

    [Fact]
    public void TheDebugTimeLimitLowersTheTracksLimitAndTurnsHiddenLogsOffButNeverRaisesIt()
    {
        var lowered = JsonNode.Parse(DebugRuns.ForDebugRun(TrackKind.UnseenData, """{"timeLimitSeconds": 1800, "hideLogs": true}""", 120))!;
        Assert.Equal(120, lowered["timeLimitSeconds"]!.GetValue<double>());
        Assert.False(lowered["hideLogs"]!.GetValue<bool>());
        // Unset: the scorer's default (1800 s) would apply, so the debug limit is written.
        Assert.Equal(120, JsonNode.Parse(DebugRuns.ForDebugRun(TrackKind.UnseenData, "{}", 120))!["timeLimitSeconds"]!.GetValue<double>());
        Assert.Equal(60, JsonNode.Parse(DebugRuns.ForDebugRun(TrackKind.UnseenData, """{"timeLimitSeconds": 60}""", 120))!["timeLimitSeconds"]!.GetValue<double>());
        Assert.Equal("""{"x": 1}""", DebugRuns.ForDebugRun(TrackKind.Predictor, """{"x": 1}""", 120));
    }

    [Fact]
    public void TheOperatorsCeilingBoundsTheOrganizersTimeLimitAndAppliesWhenItIsUnset()
    {
        var options = new DebugRunOptions { MaxTimeLimitSeconds = 300 };
        Assert.Equal(300, DebugRuns.TimeLimitSeconds(HidingPhase(), options));
        var phase = HidingPhase();
        phase.DebugTimeLimitSeconds = 90;
        Assert.Equal(90, DebugRuns.TimeLimitSeconds(phase, options));
        Assert.Contains(new DebugRunOptions { MaxTimeLimitSeconds = 0 }.Problems(), p => p.Contains("DebugRuns:MaxTimeLimitSeconds"));
    }
}
