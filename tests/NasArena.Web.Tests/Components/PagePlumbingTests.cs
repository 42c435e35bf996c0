using System.Collections.Concurrent;
using System.Text.Json;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using MudBlazor.Services;
using NasArena.Platform.Errors;
using NasArena.Web.Components.Shared;
using NasArena.Web.Components.Shared.Uploads;

namespace NasArena.Web.Tests.Components;

/// <summary>
/// The plumbing every page shares (issue 26 item 6): RunAsync's busy/catch/finally, the poller, the Format helper and the
/// resumable upload component, rendered with bUnit and a real logger sink (what the page logs is read back).
/// </summary>
[Trait("Category", "Unit")]
public sealed class PagePlumbingTests : IAsyncLifetime
{
    private readonly BunitContext _bunit = new();
    private readonly RecordingLoggers _logs = new();

    public Task InitializeAsync()
    {
        _bunit.Services.AddMudServices();
        _bunit.Services.AddLogging(b => b.AddProvider(_logs));
        _bunit.JSInterop.Mode = JSRuntimeMode.Loose;
        _bunit.Render<MudPopoverProvider>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _bunit.DisposeAsync();

    [Fact]
    public void AFaultThatIsNotTheCallersIsLoggedAndShownAsAGenericMessageAndThePageGoesOnAnswering()
    {
        var cut = _bunit.Render<ActionPage>();

        // Would throw out of the click (and end a real circuit) if RunAsync let the exception through.
        cut.Find("#fault").Click();

        Assert.Equal(PlatformComponent.UnexpectedFailure, cut.Find("#error").TextContent);
        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(logged.Exception);
        Assert.Equal("the database went away", logged.Exception!.Message);
        Assert.Contains(nameof(ActionPage), logged.Category);

        // The same page still answers: a caller's fault shows the service's own words, and is not logged as an error.
        cut.Find("#refused").Click();
        Assert.Equal("There is no competition 'x'.", cut.Find("#error").TextContent);
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
    }

    [Fact]
    public async Task ThePageIsBusyWhileTheWorkRunsAndNotAfterwardsWhateverTheOutcome()
    {
        var cut = _bunit.Render<ActionPage>();
        var gate = new TaskCompletionSource();
        cut.Instance.Work = () => gate.Task;

        cut.Find("#slow").Click();
        Assert.Equal("busy", cut.Find("#state").TextContent);
        Assert.True(cut.Find("#slow").HasAttribute("disabled"));

        await cut.InvokeAsync(() => gate.SetException(new ConflictException("Someone else changed it first.")));
        cut.WaitForAssertion(() => Assert.Equal("idle", cut.Find("#state").TextContent));
        Assert.Equal("Someone else changed it first.", cut.Find("#error").TextContent);
        Assert.False(cut.Find("#slow").HasAttribute("disabled"));
    }

    [Fact]
    public async Task APollerTicksUntilItsTickSaysStopAndThenStops()
    {
        var ticks = 0;
        var stopped = new TaskCompletionSource();
        await using var poller = new Poller(_logs.CreateLogger("test"));
        poller.Start(TimeSpan.FromMilliseconds(5), _ =>
        {
            if (++ticks == 3)
            {
                stopped.SetResult();
                return Task.FromResult(false);
            }
            return Task.FromResult(true);
        });

        await stopped.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await WaitUntilAsync(() => !poller.Running);
        Assert.Equal(3, ticks);
        Assert.Empty(_logs.Entries);
    }

    [Fact]
    public async Task APollerWhoseTickThrowsLogsItAndStopsInsteadOfDyingUnseen()
    {
        await using var poller = new Poller(_logs.CreateLogger("test"));
        poller.Start(TimeSpan.FromMilliseconds(5), _ => throw new InvalidOperationException("read failed"));

        await WaitUntilAsync(() => !poller.Running);
        var logged = Assert.Single(_logs.Entries);
        Assert.Equal(LogLevel.Error, logged.Level);
        Assert.Equal("read failed", logged.Exception!.Message);
    }

    [Fact]
    public async Task ADisposedPollerCannotBeStartedAgain()
    {
        var poller = new Poller(_logs.CreateLogger("test"));
        var first = new TaskCompletionSource();
        poller.Start(TimeSpan.FromMilliseconds(5), _ =>
        {
            first.TrySetResult();
            return Task.FromResult(true);
        });
        await first.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await poller.DisposeAsync();
        Assert.False(poller.Running);

        // A page disposed while its first render was still under way may ask to start after all: nothing runs then.
        poller.Start(TimeSpan.FromMilliseconds(5), _ => throw new InvalidOperationException("started after dispose"));
        Assert.False(poller.Running);
        Assert.Empty(_logs.Entries);
    }

    [Theory]
    [InlineData(0L, "0 bytes")]
    [InlineData(1023L, "1023 bytes")]
    [InlineData(1536L, "1.5 KiB")]
    [InlineData(10L << 20, "10 MiB")]
    [InlineData((3L << 30) + (1L << 29), "3.5 GiB")]
    public void SizesReadInTheLargestWholeUnit(long bytes, string expected) => Assert.Equal(expected, Format.Bytes(bytes));

    [Theory]
    [InlineData(0L, "–")]
    [InlineData(512L * 1024, "512 KiB")]
    [InlineData(356L << 20, "356.0 MiB")]
    public void PeakMemoryOfNothingMeasuredIsADashNotZero(long bytes, string expected) => Assert.Equal(expected, Format.Memory(bytes));

    [Theory]
    [InlineData(0.059, "59 ms")]
    [InlineData(59.0, "59.0 s")]
    [InlineData(600.0, "10.0 min")]
    [InlineData(9000.0, "2.50 h")]
    public void ComputeTimesReadInTheirUnit(double seconds, string expected) => Assert.Equal(expected, Format.Seconds(seconds));

    [Fact]
    public void UploadProgressSaysHowMuchHowFastHowLongAndHowOftenItResumed()
    {
        Assert.Equal("Starting the upload…", ResumableUpload.ProgressText(null));
        Assert.Equal("1 MiB of 4 MiB (25%) · 512 KiB/s · 6 s left · resumed after 2 interruption(s)",
            ResumableUpload.ProgressText(new UploadProgress(1 << 20, 4 << 20, 512 * 1024, 6, 2)));
        Assert.Equal("4 MiB of 4 MiB (100%)", ResumableUpload.ProgressText(new UploadProgress(4 << 20, 4 << 20, null, 0, 0)));
        Assert.Equal("0 bytes of 2 GiB (0%) · 3 min left", ResumableUpload.ProgressText(new UploadProgress(0, 2L << 30, null, 180, 0)));
    }

    [Fact]
    public async Task TheUploadComponentReportsTheChosenFileProgressAndTheServersRefusalToItsPage()
    {
        ChosenFile? chosen = null;
        string? failed = null;
        var cut = _bunit.Render<ResumableUpload>(p => p
            .Add(c => c.InputId, "file")
            .Add(c => c.ProgressTestId, "progress")
            .Add(c => c.FileChosen, f => chosen = f)
            .Add(c => c.Failed, reason => failed = reason));
        Assert.Equal("File", cut.Find("label[for=file]").TextContent);

        await cut.InvokeAsync(() => cut.Instance.OnFileChosen("predictions.csv", 2048));
        Assert.Equal(new ChosenFile("predictions.csv", 2048), chosen);

        await cut.InvokeAsync(() => cut.Instance.OnUploadProgress(Json("""{"bytesSent":1024,"totalBytes":2048,"retries":1}""")));
        Assert.Contains("1 KiB of 2 KiB (50%) · resumed after 1 interruption(s)", cut.Find("[data-testid=progress]").TextContent);

        await cut.InvokeAsync(() => cut.Instance.OnUploadFailed(Json("""{"status":413,"title":"Too large","detail":"The file is 2 KiB; this track takes at most 1 KiB."}""")));
        Assert.Equal("The file is 2 KiB; this track takes at most 1 KiB.", failed);
        await cut.InvokeAsync(() => cut.Instance.OnUploadFailed(Json("""{"status":0,"title":"network error"}""")));
        Assert.Equal("network error", failed);
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        // Waits for an event, not a duration: the bound only ends a test that would otherwise hang.
        var until = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "the condition never held");
            await Task.Delay(10);
        }
    }

    /// <summary>A page with three actions through RunAsync: a fault of ours, a caller's fault and work the test controls.</summary>
    public sealed class ActionPage : PlatformComponent
    {
        private string? _error;

        public Func<Task> Work { get; set; } = () => Task.CompletedTask;

        protected override void BuildRenderTree(RenderTreeBuilder builder)
        {
            builder.OpenRegion(0);
            Button(builder, "fault", () => RunAsync(() => throw new InvalidOperationException("the database went away"), e => _error = e));
            builder.CloseRegion();
            builder.OpenRegion(10);
            Button(builder, "refused", () => RunAsync(() => throw new NotFoundException("There is no competition 'x'."), e => _error = e));
            builder.CloseRegion();
            builder.OpenRegion(20);
            Button(builder, "slow", () => RunAsync(Work, e => _error = e));
            builder.CloseRegion();
            builder.AddMarkupContent(30, $"<span id=\"state\">{(Busy ? "busy" : "idle")}</span>");
            builder.OpenElement(31, "span");
            builder.AddAttribute(32, "id", "error");
            builder.AddContent(33, _error);
            builder.CloseElement();
        }

        private void Button(RenderTreeBuilder builder, string id, Func<Task> onClick)
        {
            builder.OpenElement(0, "button");
            builder.AddAttribute(1, "id", id);
            builder.AddAttribute(2, "disabled", Busy);
            builder.AddAttribute(3, "onclick", EventCallback.Factory.Create(this, onClick));
            builder.CloseElement();
        }
    }

    private sealed class RecordingLoggers : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(RecordingLoggers sink, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (IsEnabled(logLevel))
                {
                    sink.Entries.Enqueue((category, logLevel, exception));
                }
            }
        }
    }
}
