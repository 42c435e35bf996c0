using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;

namespace NasArena.Platform.Jobs;

/// <summary>
/// Hangfire's log provider is one per process (a static), while ASP.NET Core gives each host a logger factory that is
/// disposed with it. Hangfire.AspNetCore points the static at the factory of whichever host configured it last, and
/// Hangfire creates loggers lazily (an <c>[AutomaticRetry]</c> attribute makes one when its job is first enqueued), so
/// after that host stopped, the next enqueue in the same process threw ObjectDisposedException (a test process runs many
/// hosts; CI's announcement journey failed so). This provider resolves a live host's factory at each log call instead.
/// </summary>
public sealed class HangfireLogs : Hangfire.Logging.ILogProvider
{
    private static readonly Lock Gate = new();
    private static readonly List<ILoggerFactory> Live = [];

    public static HangfireLogs Instance { get; } = new();

    /// <summary>Adds the host's factory while it runs; the newest live host's factory takes Hangfire's messages.</summary>
    public static void Attach(ILoggerFactory factory, IHostApplicationLifetime lifetime)
    {
        lock (Gate)
        {
            Live.Add(factory);
        }
        lifetime.ApplicationStopped.Register(() =>
        {
            lock (Gate)
            {
                Live.Remove(factory);
            }
        });
    }

    public Hangfire.Logging.ILog GetLogger(string name) => new LateBoundLog(name);

    private static ILoggerFactory? Current()
    {
        lock (Gate)
        {
            return Live.Count == 0 ? null : Live[^1];
        }
    }

    private sealed class LateBoundLog(string name) : Hangfire.Logging.ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (Current() is not { } factory)
            {
                return false;
            }
            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level); // Hangfire's way of asking whether a level is on
                }
                logger.Log(level, 0, messageFunc(), exception, static (m, _) => m);
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // the host stopped between the lookup and the call: its messages end with it
            }
        }

        private static LogLevel Map(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => LogLevel.Trace,
            HangfireLevel.Debug => LogLevel.Debug,
            HangfireLevel.Info => LogLevel.Information,
            HangfireLevel.Warn => LogLevel.Warning,
            HangfireLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }
}
