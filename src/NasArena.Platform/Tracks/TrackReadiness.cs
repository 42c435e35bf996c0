namespace NasArena.Platform.Tracks;

/// <summary>
/// Whether this process can score every track kind that the queues it serves carry (<see cref="NasArena.Scoring.Contract.Kinds.TrackKindDescriptor.Queue"/>):
/// the kind's library is shipped and its module finds what it needs on this machine (the unseen-data sandbox: bubblewrap,
/// python3 and its modules, user namespaces). Checked once at a worker's start, before it fetches a job.
/// </summary>
public static class TrackReadiness
{
    /// <summary>One sentence per missing thing, naming the queue, the kind and what to install; empty when all can run.</summary>
    public static IReadOnlyList<string> Problems(IEnumerable<string> queues)
    {
        var problems = new List<string>();
        foreach (var queue in queues.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            foreach (var entry in TrackCatalog.All.Where(e => string.Equals(e.Queue, queue, StringComparison.OrdinalIgnoreCase)))
            {
                if (!TrackCatalog.IsShipped(entry.Kind))
                {
                    problems.Add($"queue '{queue}': track kind {entry.Kind} is scored by the {entry.Assembly} library, which this process does not ship.");
                    continue;
                }
                problems.AddRange(TrackCatalog.Load(entry.Kind).MissingPrerequisites().Select(m => $"queue '{queue}': track kind {entry.Kind}: {m}"));
            }
        }
        return problems;
    }

    /// <summary>
    /// Stops the start (exit 2, as for wrong settings): a worker that served only the queues it can would look healthy
    /// while the others' work waits forever, and an autoscaler watching that queue would keep adding such workers (ADR 0014).
    /// </summary>
    public static int Refuse(string process, IReadOnlyList<string> problems)
    {
        Console.Error.WriteLine($"{process} did not start: it cannot run every track kind of the queues it serves (Worker:Queues).");
        foreach (var problem in problems)
        {
            Console.Error.WriteLine($"  {problem}");
        }
        Console.Error.WriteLine("(Install what is missing, use the worker image that has it, or serve only the other queues: Worker__Queues__0=cpu.)");
        return 2;
    }
}
