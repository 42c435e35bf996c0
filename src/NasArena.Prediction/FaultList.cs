using System.Text;

namespace NasArena.Prediction;

/// <summary>
/// Collects faults of one kind (duplicate ids, unknown ids ...) and describes the first few: a participant
/// with 90,000 bad lines needs a handful of examples and a count, not a 5 MB message.
/// </summary>
sealed class FaultList(string heading)
{
    public const int Shown = 5;
    readonly List<string> _examples = [];

    public int Count { get; private set; }
    public string Heading { get; } = heading;

    /// <summary>Adds one fault; <paramref name="describe"/> runs only for the first few (it may be costly, e.g. a line number).</summary>
    public void Add(Func<string> describe)
    {
        if (Count++ < Shown) _examples.Add(describe());
    }

    public void Add(string example) => Add(() => example);

    public void AppendTo(StringBuilder message)
    {
        if (Count == 0) return;
        message.Append("\n- ").Append(Heading).Append(": ").Append(string.Join("; ", _examples));
        if (Count > Shown) message.Append($"; and {Count - Shown} more");
        message.Append('.');
    }

    /// <summary>A message listing every non-empty fault list under a first line, or null when there is no fault.</summary>
    public static string? Describe(string firstLine, params FaultList[] lists)
    {
        if (lists.All(l => l.Count == 0)) return null;
        var message = new StringBuilder(firstLine);
        foreach (var list in lists) list.AppendTo(message);
        return message.ToString();
    }
}
