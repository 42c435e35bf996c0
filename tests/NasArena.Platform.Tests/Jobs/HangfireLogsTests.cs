using Hangfire;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>A job whose retry attribute makes a Hangfire logger the first time the job is enqueued (what the announcement mail job does).</summary>
public static class RetriedJob
{
    [AutomaticRetry(Attempts = 1)]
    public static void Run()
    {
    }
}

/// <summary>
/// Hangfire's log provider is process-wide while each host's logger factory dies with the host (HangfireLogs): a host
/// that stopped must not break the enqueueing of one that still runs. CI's announcement journey failed on exactly this.
/// </summary>
[Trait("Category", "Integration")]
public sealed class HangfireLogsTests
{
    [Fact]
    public async Task AHostStillEnqueuesAJobWithARetryAttributeAfterAnotherHostOfTheProcessStopped()
    {
        await using var running = await PlatformHost.StartAsync(Stack.SqliteDisk);
        var stopped = await PlatformHost.StartAsync(Stack.SqliteDisk);
        await stopped.DisposeAsync();

        // A queue no worker serves: the job only has to be created, never run.
        var id = running.Get<IBackgroundJobClient>().Enqueue("no_worker_serves_this", () => RetriedJob.Run());

        Assert.False(string.IsNullOrEmpty(id));
    }
}
