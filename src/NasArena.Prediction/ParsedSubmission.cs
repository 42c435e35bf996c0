namespace NasArena.Prediction;

/// <summary>
/// One prediction as read, before it is matched to the query set. Location is a byte offset (JSON) or a line
/// number (CSV). A line fault means the line itself is broken; Id is then only the first column, if any.
/// </summary>
readonly record struct RawPrediction(string Id, long Location, double Value, string? Fault, bool IsLineFault = false);

/// <summary>
/// A submission read and checked for everything that does not need the hidden query set (encoding, syntax,
/// values), so that reading it and loading the query set can run at the same time.
/// </summary>
public sealed class ParsedSubmission
{
    internal ParsedSubmission(string fileName, Func<long, string> where, List<RawPrediction> predictions)
    {
        FileName = fileName;
        Where = where;
        Predictions = predictions;
    }

    public string FileName { get; }
    internal Func<long, string> Where { get; }
    internal List<RawPrediction> Predictions { get; }

    /// <summary>The predictions in query-set order; throws <see cref="Contract.SubmissionRejectedException"/> listing every fault.</summary>
    public double[] MatchTo(QuerySet querySet) => PredictionMatcher.Match(this, querySet);
}
