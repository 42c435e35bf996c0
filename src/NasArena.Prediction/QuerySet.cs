using System.Runtime.CompilerServices;
using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>
/// The organizer's hidden query set (asset kind "query-set"): the architectures to predict with their true
/// accuracies, each on the public or the private leaderboard. File format, the CVPR 2021 one plus a split:
/// <c>{"arch1": {"arch": &lt;any JSON&gt;, "acc": 0.9187, "split": "public"}, ...}</c>.
/// Index order is file order; it breaks ties in top-k precision.
/// </summary>
public sealed class QuerySet
{
    public const string PublicSplit = "public";
    public const string PrivateSplit = "private";

    readonly Dictionary<string, int> _index;

    QuerySet(string[] ids, double[] accuracies, bool[] isPrivate, Dictionary<string, int> index)
    {
        Ids = ids;
        Accuracies = accuracies;
        IsPrivate = isPrivate;
        _index = index;
    }

    public IReadOnlyList<string> Ids { get; }
    public IReadOnlyList<double> Accuracies { get; }
    public IReadOnlyList<bool> IsPrivate { get; }
    public int Count => Ids.Count;

    public bool TryGetIndex(string id, out int index) => _index.TryGetValue(id, out index);

    /// <summary>Reads and validates a query set; throws <see cref="AssetRejectedException"/> listing every fault found.</summary>
    public static QuerySet Load(string path, string displayName = "The query set")
    {
        static Exception Reject(string message) => new AssetRejectedException(message);
        var bytes = Utf8TextFile.Read(path, displayName, Reject);
        var json = Utf8TextFile.WithoutBom(bytes);
        if (Utf8TextFile.FirstSignificantByte(json) != '{')
            throw Reject($"{displayName} must be a JSON object such as {{\"arch1\": {{\"arch\": ..., \"acc\": 0.93, \"split\": \"public\"}}}}; it starts with '{Utf8TextFile.FirstLine(json)}'.");

        var ids = new List<string>();
        var accuracies = new List<double>();
        var isPrivate = new List<bool>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var offsets = new List<long>();
        var duplicates = new FaultList("duplicate ids");
        var badAcc = new FaultList("entries without a finite \"acc\"");
        var badSplit = new FaultList("entries without a valid \"split\" (\"public\" or \"private\")");
        var malformed = new FaultList("malformed entries");
        int bomLength = bytes.Length - json.Length;
        var where = Utf8TextFile.Locator(bytes, bomLength);

        try
        {
            ArchitectureJson.Walk(json, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (entry) =>
            {
                // Messages are built in the Report methods: a lambda here would capture entry and allocate on every entry.
                if (entry.Fault is not null) { Report(malformed, entry, where, entry.Fault); return; }
                if (index.TryGetValue(entry.Id, out int first))
                {
                    ReportDuplicate(duplicates, entry, offsets[first], where);
                    return;
                }
                if (entry.Acc.NumberFault is { } accFault) Report(badAcc, entry, where, accFault);
                bool? isPriv = entry.Split is { Kind: FieldKind.String, Text: PublicSplit } ? false
                    : entry.Split is { Kind: FieldKind.String, Text: PrivateSplit } ? true : null;
                if (isPriv is null) Report(badSplit, entry, where, SplitFault(entry.Split));
                index.Add(entry.Id, ids.Count);
                ids.Add(entry.Id);
                offsets.Add(entry.Offset);
                accuracies.Add(entry.Acc.Number);
                isPrivate.Add(isPriv ?? false);
            });
        }
        catch (JsonShapeException e)
        {
            throw Reject($"{displayName} is not valid: {e.Message}");
        }

        if (ids.Count == 0) throw Reject($"{displayName} holds no architectures.");
        var splits = new FaultList("unusable splits");
        if (badSplit.Count == 0 && badAcc.Count == 0)
            foreach (bool priv in new[] { false, true })
                CheckSplit(priv ? PrivateSplit : PublicSplit, Enumerable.Range(0, ids.Count).Where(i => isPrivate[i] == priv).Select(i => accuracies[i]).ToList(), splits);
        var message = FaultList.Describe($"{displayName} was rejected:", duplicates, malformed, badAcc, badSplit, splits);
        if (message is not null) throw Reject(message);
        return new QuerySet([.. ids], [.. accuracies], [.. isPrivate], index);
    }

    static void Report(FaultList list, ArchitectureEntry entry, Func<long, string> where, string fault) =>
        list.Add(() => $"\"{entry.Id}\" ({where(entry.Offset)}): {fault}");

    static void ReportDuplicate(FaultList list, ArchitectureEntry entry, long first, Func<long, string> where) =>
        list.Add(() => $"\"{entry.Id}\" ({where(first)} and {where(entry.Offset)})");

    static string SplitFault(Field split) => split.Kind switch
    {
        FieldKind.Missing => "no \"split\" field",
        FieldKind.String => $"unknown split \"{split.Text}\"",
        _ => $"the split is {split.Text ?? "a number"}, not a string",
    };

    /// <summary>Each split is a leaderboard of its own: its correlations need two architectures of different accuracy.</summary>
    static void CheckSplit(string split, List<double> accuracies, FaultList faults)
    {
        if (accuracies.Count == 0)
            faults.Add($"no architecture is in the \"{split}\" split (the {split} leaderboard would be empty)");
        else if (accuracies.Count == 1)
            faults.Add($"the \"{split}\" split holds a single architecture; correlations need at least 2");
        else if (accuracies.All(a => a == accuracies[0]))
            faults.Add($"all architectures of the \"{split}\" split have the same accuracy ({accuracies[0]}); correlations with it are undefined");
    }
}
