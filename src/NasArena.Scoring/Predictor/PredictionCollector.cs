using System.Runtime.CompilerServices;
using NasArena.Scoring.Contract;

namespace NasArena.Scoring.Predictor;

/// <summary>
/// Matches a submission's predictions to the query set as they are parsed, and gathers every fault
/// (duplicates, unknown ids, bad values, missing ids) into one message the participant can act on.
/// </summary>
sealed class PredictionCollector
{
    readonly QuerySet _querySet;
    readonly Func<long, string> _where;
    readonly double[] _predictions;
    readonly long[] _firstLocation;
    readonly FaultList _duplicates = new("duplicate ids");
    readonly FaultList _unknown = new("ids that are not in the query set");
    readonly FaultList _badValues = new("invalid predictions");
    readonly FaultList _malformed = new("malformed lines");

    /// <param name="where">Describes a location (a byte offset for JSON, a line number for CSV) for messages: "line 4".</param>
    public PredictionCollector(QuerySet querySet, Func<long, string> where)
    {
        _querySet = querySet;
        _where = where;
        _predictions = new double[querySet.Count];
        _firstLocation = new long[querySet.Count];
        Array.Fill(_firstLocation, -1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Add(string id, long location, double value, string? valueFault)
    {
        if (!_querySet.TryGetIndex(id, out int index))
        {
            _unknown.Add(() => $"\"{Shorten(id)}\" ({_where(location)})");
            return;
        }
        if (_firstLocation[index] >= 0)
        {
            long first = _firstLocation[index];
            _duplicates.Add(() => $"\"{id}\" ({_where(first)} and {_where(location)})");
            return;
        }
        _firstLocation[index] = location;
        if (valueFault is not null) _badValues.Add(() => $"\"{id}\" ({_where(location)}): {valueFault}");
        else _predictions[index] = value;
    }

    public bool IsQueried(string id) => _querySet.TryGetIndex(id, out _);

    public void AddMalformed(Func<string> describe) => _malformed.Add(describe);

    /// <summary>The predictions in query-set order; throws <see cref="SubmissionRejectedException"/> on any fault.</summary>
    public double[] Finish(string fileName)
    {
        int missingCount = _firstLocation.Count(l => l < 0);
        var missing = new FaultList($"missing ids (no prediction for {missingCount} of the {_querySet.Count} queried architectures)");
        for (int i = 0; i < _firstLocation.Length; i++)
        {
            int at = i;
            if (_firstLocation[i] < 0) missing.Add(() => $"\"{_querySet.Ids[at]}\"");
        }

        var message = FaultList.Describe(
            $"The submission \"{fileName}\" was rejected: it must hold exactly one finite prediction for each of the {_querySet.Count} architectures of the query set.",
            _malformed, _duplicates, _unknown, _badValues, missing);
        if (message is not null) throw new SubmissionRejectedException(message);
        return _predictions;
    }

    static string Shorten(string id) => id.Length > 80 ? id[..80] + "..." : id;
}
