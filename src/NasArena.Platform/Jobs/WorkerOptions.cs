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

    public string[] ServedQueues => Queues.Length > 0 ? Queues : [Jobs.Queues.Cpu, Jobs.Queues.Gpu];

    public int WorkerCount => Count ?? Math.Max(2, Environment.ProcessorCount);

    public string ServerName => string.IsNullOrWhiteSpace(Name) ? $"{Environment.MachineName}:{Environment.ProcessId}" : Name;

    public IEnumerable<string> Problems()
    {
        var problems = new List<string?> { Check.AtLeast($"{Section}:{nameof(Count)}", Count, 1),
            Check.Between($"{Section}:{nameof(HealthPort)}", HealthPort, 1, 65535) };
        problems.AddRange(Queues.Select((q, i) => Check.OneOf($"{Section}:{nameof(Queues)}:{i}", q, Jobs.Queues.Cpu, Jobs.Queues.Gpu)));
        return problems.OfType<string>();
    }
}
