using Bunit;
using MudBlazor;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NasArena.Platform.Domain;
using NasArena.Platform.Submissions;
using NasArena.Scoring.Contract;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Submissions;

namespace NasArena.Web.Tests.Components;

/// <summary>What a participant reads about a submission's state: progress in the track's unit, liveness, and whose fault a failure is.</summary>
[Trait("Category", "Unit")]
public sealed class SubmissionDisplayTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddScoped<BrowserTimeZone>(); // the rescore history's times
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    private static SubmissionView View(SubmissionStatus status, long done = 0, long total = 0, int attempts = 1, string? reason = null, bool counts = true) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "Team A", "predictions.csv", "", status, reason, Now.AddMinutes(-5), Now.AddMinutes(-5),
            Now.AddMinutes(-4), null, attempts, null, done, total, counts, false, false, false, null, null, null, 1234, null);

    [Theory]
    [InlineData(TrackKind.Supernet, SubmissionStatus.Running, 412, 1000, "412 / 1,000 architectures")]
    [InlineData(TrackKind.UnseenData, SubmissionStatus.Running, 1, 3, "data set 2 of 3")]
    [InlineData(TrackKind.UnseenData, SubmissionStatus.Scored, 3, 3, "3 of 3 data sets")]
    [InlineData(TrackKind.Predictor, SubmissionStatus.Scored, 231, 231, "231 / 231 architectures")]
    public void ProgressIsCountedInTheTracksOwnUnit(TrackKind kind, SubmissionStatus status, long done, long total, string expected)
    {
        Assert.Equal(expected, SubmissionText.Progress(kind, status, done, total));
        var cut = _bunit.Render<SubmissionState>(p => p.Add(c => c.Submission, View(status, done, total)).Add(c => c.Kind, kind).Add(c => c.Now, Now));
        Assert.Equal(expected, cut.Find(".nasarena-progress").TextContent);
    }

    [Fact]
    public void AQueuedSubmissionOrOneWithoutATotalShowsNoProgress()
    {
        Assert.Null(SubmissionText.Progress(TrackKind.Supernet, SubmissionStatus.Queued, 0, 1000));
        Assert.Null(SubmissionText.Progress(TrackKind.Supernet, SubmissionStatus.Running, 0, 0));
    }

    [Fact]
    public void ARunningSubmissionShowsItsWorkersLastSignOfLifeAndItsAttemptAndIsMarkedWhenQuietTooLong()
    {
        var cut = _bunit.Render<SubmissionState>(p => p.Add(c => c.Submission, View(SubmissionStatus.Running, 10, 100, attempts: 2))
            .Add(c => c.Kind, TrackKind.Supernet).Add(c => c.HeartbeatAt, Now.AddSeconds(-12)).Add(c => c.Now, Now));
        Assert.Equal("last sign of life 12 s ago", cut.Find(".nasarena-heartbeat").TextContent);
        Assert.Empty(cut.FindAll(".nasarena-quiet"));
        Assert.Equal("attempt 2", cut.Find(".nasarena-attempts").TextContent);

        var quiet = _bunit.Render<SubmissionState>(p => p.Add(c => c.Submission, View(SubmissionStatus.Running, 10, 100))
            .Add(c => c.Kind, TrackKind.Supernet).Add(c => c.HeartbeatAt, Now.AddMinutes(-5)).Add(c => c.Now, Now));
        Assert.Equal("last sign of life 5 min ago", quiet.Find(".nasarena-quiet").TextContent);
        Assert.Empty(quiet.FindAll(".nasarena-attempts")); // a first attempt is not worth a word
    }

    [Fact]
    public void AFinishedSubmissionShowsNoHeartbeat() =>
        Assert.Null(SubmissionText.Heartbeat(SubmissionStatus.Scored, Now.AddSeconds(-3), Now));

    [Theory]
    [InlineData(true, "your submission")]
    [InlineData(false, "platform fault, quota refunded")]
    public void AFailureSaysWhoseFaultItIsNextToItsReason(bool countsAgainstQuota, string blame)
    {
        var cut = _bunit.Render<SubmissionState>(p => p.Add(c => c.Submission, View(SubmissionStatus.Failed, reason: "Line 3: not a number.", counts: countsAgainstQuota))
            .Add(c => c.Kind, TrackKind.Predictor).Add(c => c.Now, Now));
        Assert.Equal(blame, cut.Find(".nasarena-blame").TextContent.Trim());
        Assert.Equal("Line 3: not a number.", cut.Find(".nasarena-reason").TextContent);
    }

    [Fact]
    public void ACancelledSubmissionShowsItsReasonWithoutBlame()
    {
        var cut = _bunit.Render<SubmissionState>(p => p.Add(c => c.Submission, View(SubmissionStatus.Cancelled, reason: "Cancelled by your team."))
            .Add(c => c.Kind, TrackKind.Predictor).Add(c => c.Now, Now));
        Assert.Empty(cut.FindAll(".nasarena-blame"));
        Assert.Equal("Cancelled by your team.", cut.Find(".nasarena-reason").TextContent);
    }

    [Theory]
    [InlineData(80.0, 5.0, 60.0)] // 10 * (80 - 60) / 40 = 5
    [InlineData(50.0, -10.0, null)] // at the floor the benchmark cannot be worked back
    public void AnUnseenDataSetsBenchmarkIsWorkedBackFromItsAccuracyAndScore(double accuracy, double score, double? benchmark)
    {
        var result = UnseenDataBreakdown.Benchmark(accuracy, score);
        Assert.Equal(benchmark is null, result is null);
        if (benchmark is { } b) Assert.Equal(b, result!.Value, 9);
    }

    private static Dictionary<string, MetricDelta> Deltas(params (string Name, double? Old, double? New)[] metrics) =>
        metrics.ToDictionary(m => m.Name, m => new MetricDelta(m.Old, m.New, m.Old is { } a && m.New is { } b ? b - a : null));

    [Fact]
    public void ASubmissionsRescoreHistoryListsEachRescoreNewestFirstWithThePrimaryMetricFirstOnBothBoardsAndWhy()
    {
        var diff = new RescoreDiff(Guid.NewGuid(), 2,
        [
            new RescoreChange(0, 1, Now.AddHours(-2), "prediction-1.0", "prediction-1.0",
                Deltas(("kendall_tau", 0.5, 0.5), ("top_k_precision", 0.25, 1.0)), Deltas(("kendall_tau", 0.4, 0.4), ("top_k_precision", 1.0, 1.0)),
                ["trackSettings"]),
            new RescoreChange(1, 2, Now.AddHours(-1), "prediction-1.0", "prediction-1.1",
                Deltas(("kendall_tau", 0.5, 0.625), ("top_k_precision", 1.0, 0.75)), Deltas(("kendall_tau", 0.4, 0.4)),
                ["scorerVersion", "assets"]),
        ]);
        var cut = _bunit.Render<RescoreHistory>(p => p.Add(c => c.Diff, diff).Add(c => c.Primary, "top_k_precision"));

        var changes = cut.FindAll(".nasarena-rescore-change");
        Assert.Equal(["2", "1"], changes.Select(c => c.GetAttribute("data-to-run")));
        var newest = changes[0];
        Assert.Contains("Rescored 2026-03-01 11:00 UTC · run 1 → 2", newest.QuerySelector(".nasarena-rescore-when")!.TextContent.ReplaceLineEndings(" ").Trim());
        Assert.Contains("scorer prediction-1.0 → prediction-1.1", newest.QuerySelector(".nasarena-rescore-when")!.TextContent);
        Assert.Equal(["scorer version changed", "hidden asset changed"], newest.QuerySelectorAll(".nasarena-why").Select(c => c.TextContent.Trim()));
        Assert.Equal(["top_k_precision", "kendall_tau"], newest.QuerySelectorAll("tbody tr").Select(r => r.GetAttribute("data-metric")));
        Assert.Equal("top_k_precision (primary)", newest.QuerySelector("tr[data-metric=top_k_precision] th")!.TextContent);
        Assert.Equal("1.0000 → 0.7500 (-0.2500)", newest.QuerySelector("tr[data-metric=top_k_precision] .nasarena-public")!.TextContent);
        Assert.Equal("–", newest.QuerySelector("tr[data-metric=top_k_precision] .nasarena-private")!.TextContent); // not on this board
        Assert.Equal("0.5000 → 0.6250 (+0.1250)", newest.QuerySelector("tr[data-metric=kendall_tau] .nasarena-public")!.TextContent);

        var first = changes[1];
        Assert.DoesNotContain("scorer", first.QuerySelector(".nasarena-rescore-when")!.TextContent); // the same scorer: not worth a word
        Assert.Equal(["track settings changed"], first.QuerySelectorAll(".nasarena-why").Select(c => c.TextContent.Trim()));
        Assert.Equal("0.2500 → 1.0000 (+0.7500)", first.QuerySelector("tr[data-metric=top_k_precision] .nasarena-public")!.TextContent);
        Assert.Equal("1.0000 → 1.0000 (0.0000)", first.QuerySelector("tr[data-metric=top_k_precision] .nasarena-private")!.TextContent);
    }

    [Fact]
    public void ASubmissionNeverRescoredSaysSoAndARescoreThatChangedNoProvenancePartSaysThat()
    {
        var never = _bunit.Render<RescoreHistory>(p => p.Add(c => c.Diff, new RescoreDiff(Guid.NewGuid(), 0, [])).Add(c => c.Primary, "kendall_tau"));
        Assert.Equal("Never rescored: this is its first score.", never.Find(".nasarena-no-rescore-history").TextContent);
        Assert.Empty(never.FindAll(".nasarena-rescore-change"));

        var same = _bunit.Render<RescoreHistory>(p => p.Add(c => c.Diff, new RescoreDiff(Guid.NewGuid(), 1,
            [new RescoreChange(0, 1, Now, "v1", "v1", Deltas(("kendall_tau", 0.5, 0.5)), Deltas(("kendall_tau", 0.4, 0.4)), [])])).Add(c => c.Primary, "kendall_tau"));
        Assert.Empty(same.FindAll(".nasarena-why"));
        Assert.Contains("nothing in the provenance changed", same.Find(".nasarena-rescore-causes").TextContent);
    }
}
