using NasArena.Platform.Configuration;

namespace NasArena.Platform.Jobs;

/// <summary>Bound from the "Worker" configuration section: what a process that runs scoring jobs takes on.</summary>
public sealed class WorkerOptions : IOptionsSection
{
    public static string Section => "Worker";

    /// <summary>
    /// The queues served (<see cref="Jobs.Queues"/>): cpu for prediction files and the watchdog, gpu for supernets and
    /// NAS packages; unset: both. Empty by default because the binder appends configured items to a default array.
    /// </summary>
    public string[] Queues { get; set; } = [];

    /// <summary>Jobs run at once; unset: the number of processors, at least 2.</summary>
    public int? Count { get; set; }

    /// <summary>The name Hangfire shows for this server; unset: machine name and process id.</summary>
    public string? Name { get; set; }

    /// <summary>
    /// The port of the health listener (GET /healthz, /readyz on every interface); unset: no listener, so that several
    /// workers can run on one machine (scripts/fault-injection.sh). The Kubernetes manifests set 8081.
    /// </summary>
    public int? HealthPort { get; set; }

    /// <summary>
    /// What SIGTERM does to the jobs running: <see cref="ShutdownMode.Cancel"/> (the default) cancels them at once, kills
    /// their sandboxes and hands their submissions back to the queue; <see cref="ShutdownMode.Drain"/> lets them run for
    /// up to <see cref="DrainTimeout"/> first. Either way the worker stops fetching jobs at once.
    /// </summary>
    // A string, so that a wrong word is told by name at start instead of failing the binder.
    public string Shutdown { get; set; } = nameof(ShutdownMode.Cancel);

    public ShutdownMode ShutdownMode =>
        string.Equals(Shutdown, nameof(ShutdownMode.Drain), StringComparison.OrdinalIgnoreCase) ? ShutdownMode.Drain : ShutdownMode.Cancel;

    /// <summary>How long a draining worker lets its running jobs finish before it cancels and requeues them.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The host's shutdown timeout (HostOptions.ShutdownTimeout): the whole stop, drain and requeue included. It must be
    /// longer than the drain (plus <see cref="RequeueAllowance"/>), and the Kubernetes terminationGracePeriodSeconds longer
    /// than it (the manifests' tests check both).
    /// </summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time a cancelled job has to kill its sandbox (the supervisor retries each second) and requeue its work.</summary>
    public static readonly TimeSpan RequeueAllowance = TimeSpan.FromSeconds(10);

    /// <summary>Hangfire's StopTimeout: after it the running jobs' cancellation tokens fire.</summary>
    public TimeSpan JobStopTimeout => ShutdownMode == ShutdownMode.Drain ? DrainTimeout : TimeSpan.Zero;

    /// <summary>Hangfire's ShutdownTimeout: how long its server waits for the cancelled jobs to end.</summary>
    public TimeSpan JobShutdownTimeout => JobStopTimeout + RequeueAllowance;

    public string[] ServedQueues => Queues.Length > 0 ? Queues : [Jobs.Queues.Cpu, Jobs.Queues.Gpu];

    public int WorkerCount => Count ?? Math.Max(2, Environment.ProcessorCount);

    public string ServerName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}:{Environment.ProcessId}" : Name;

    public IEnumerable<string> Problems()
    {
        var problems = new List<string?> { Check.AtLeast($"{Section}:{nameof(Count)}", Count, 1),
            Check.Between($"{Section}:{nameof(HealthPort)}", HealthPort, 1, 65535) };
        problems.Add(Check.OneOf($"{Section}:{nameof(Shutdown)}", Shutdown, nameof(ShutdownMode.Cancel), nameof(ShutdownMode.Drain)));
        problems.Add(ShutdownMode == ShutdownMode.Drain ? Check.Positive($"{Section}:{nameof(DrainTimeout)}", DrainTimeout) : null);
        // A host that gave up before the jobs were requeued would leave them to the watchdog: the point of all this.
        problems.Add(ShutdownTimeout > JobShutdownTimeout ? null
            : $"`{Section}:{nameof(ShutdownTimeout)}` must be longer than the drain ({JobStopTimeout}) plus {RequeueAllowance.TotalSeconds:0} s for " +
              $"the cancelled jobs to kill their sandboxes and requeue; got '{ShutdownTimeout}'.");
        problems.AddRange(Queues.Select((q, i) => Check.OneOf($"{Section}:{nameof(Queues)}:{i}", q, Jobs.Queues.Cpu, Jobs.Queues.Gpu)));
        return problems.OfType<string>();
    }
}

/// <summary>What a worker does with its running jobs when it is told to stop (<see cref="WorkerOptions.Shutdown"/>).</summary>
public enum ShutdownMode
{
    /// <summary>Cancel them at once and requeue their work: a scoring run may take hours, no grace period waits for it.</summary>
    Cancel,

    /// <summary>Let them finish within <see cref="WorkerOptions.DrainTimeout"/>, then cancel and requeue those still running.</summary>
    Drain,
}
