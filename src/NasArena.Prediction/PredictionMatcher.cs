using System.Runtime.CompilerServices;
using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>
/// Matches a submission's predictions to the query set and gathers every fault (broken lines, duplicates,
/// unknown ids, bad values, missing ids) into one message the participant can act on.
/// </summary>
static class PredictionMatcher
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] Match(ParsedSubmission submission, QuerySet querySet)
    {
        var where = submission.Where;
        var predictions = new double[querySet.Count];
        var firstLocation = new long[querySet.Count];
        Array.Fill(firstLocation, -1);
        var malformed = new FaultList("malformed lines");
        var duplicates = new FaultList("duplicate ids");
        var unknown = new FaultList("ids that are not in the query set");
        var badValues = new FaultList("invalid predictions");

        // Messages are built in the Report methods: a lambda here would capture p and allocate on every entry.
        foreach (var p in submission.Predictions)
        {
            if (!querySet.TryGetIndex(p.Id, out int index))
            {
                ReportUnknown(p, where, malformed, unknown);
                continue;
            }
            long first = firstLocation[index];
            if (first >= 0)
            {
                ReportDuplicate(duplicates, p, first, where);
                continue;
            }
            // A faulty entry still counts as present, so that its id is not reported missing as well.
            firstLocation[index] = p.Location;
            if (p.Fault is not null) ReportBadValue(badValues, p, where);
            else predictions[index] = p.Value;
        }

        int missingCount = firstLocation.Count(l => l < 0);
        var missing = new FaultList($"missing ids (no prediction for {missingCount} of the {querySet.Count} queried architectures)");
        for (int i = 0; i < firstLocation.Length; i++)
        {
            if (firstLocation[i] < 0) ReportMissing(missing, querySet, i);
        }

        var message = FaultList.Describe(
            $"The submission \"{submission.FileName}\" was rejected: it must hold exactly one finite prediction for each of the {querySet.Count} architectures of the query set.",
            malformed, duplicates, unknown, badValues, missing);
        if (message is not null) throw new SubmissionRejectedException(message);
        return predictions;
    }

    static void ReportUnknown(RawPrediction p, Func<long, string> where, FaultList malformed, FaultList unknown)
    {
        if (p.IsLineFault) malformed.Add(() => $"{where(p.Location)}: {p.Fault}");
        else unknown.Add(() => $"\"{Shorten(p.Id)}\" ({where(p.Location)})");
    }

    static void ReportDuplicate(FaultList duplicates, RawPrediction p, long first, Func<long, string> where) =>
        duplicates.Add(() => $"\"{p.Id}\" ({where(first)} and {where(p.Location)})");

    static void ReportBadValue(FaultList badValues, RawPrediction p, Func<long, string> where) =>
        badValues.Add(() => $"\"{p.Id}\" ({where(p.Location)}): {p.Fault}");

    static void ReportMissing(FaultList missing, QuerySet querySet, int index) => missing.Add(() => $"\"{querySet.Ids[index]}\"");

    static string Shorten(string id) => id.Length > 80 ? id[..80] + "..." : id;
}
