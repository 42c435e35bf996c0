using System.Runtime.CompilerServices;
using NasArena.Scoring.Contract;

namespace NasArena.Prediction;

/// <summary>
/// Reads a predictor-track submission, JSON (<c>{"arch1": {"acc": 0.93}, ...}</c>, the CVPR 2021 format;
/// "arch" may be present and is ignored) or CSV (<c>arch_id,prediction</c>), chosen by the file's extension,
/// and returns one prediction per query-set architecture, in query-set order.
/// Every fault is a <see cref="SubmissionRejectedException"/> whose message says what to fix.
/// </summary>
public static class SubmissionReader
{
    public static double[] Read(string path, string fileName, QuerySet querySet) => Parse(path, fileName).MatchTo(querySet);

    /// <summary>Reads a submission and checks what does not need the query set; <see cref="ParsedSubmission.MatchTo"/> does the rest.</summary>
    public static ParsedSubmission Parse(string path, string fileName)
    {
        string prefix = $"The submission \"{fileName}\" was rejected:";
        Exception Reject(string message) => new SubmissionRejectedException(message);

        string extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (extension is not (".json" or ".csv"))
            throw Reject($"{prefix} submit a .json file ({{\"arch1\": {{\"acc\": 0.93}}, ...}}) or a .csv file with the header line \"{CsvPredictions.Header}\"; "
                + (extension == "" ? "this file name has no extension." : $"\"{extension}\" files are not accepted."));

        var bytes = Utf8TextFile.Read(path, $"{prefix} the file", Reject);
        var content = Utf8TextFile.WithoutBom(bytes);
        int bomLength = bytes.Length - content.Length;
        int first = Utf8TextFile.FirstSignificantByte(content);
        bool looksLikeJson = first is '{' or '[';

        if (extension == ".json" && !looksLikeJson)
        {
            string line = Utf8TextFile.FirstLine(content);
            string guess = line.Contains(',') ? " It looks like CSV: name the file .csv (with the header line \"" + CsvPredictions.Header + "\")." : "";
            throw Reject($"{prefix} the file is named {fileName} but its content is not JSON (it starts with \"{line}\").{guess}");
        }
        if (extension == ".csv" && looksLikeJson)
            throw Reject($"{prefix} the file is named {fileName} but its content is JSON; name the file .json, or write CSV with the header line \"{CsvPredictions.Header}\".");

        var predictions = new List<RawPrediction>();
        if (extension == ".csv")
        {
            predictions.Capacity = content.Count((byte)'\n') + 1; // one line per prediction: no regrowth
            CsvPredictions.Parse(content, fileName, predictions);
            return new ParsedSubmission(fileName, line => $"line {line}", predictions);
        }
        try
        {
            ArchitectureJson.Walk(content, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (entry) =>
                predictions.Add(new(entry.Id, entry.Offset, entry.Acc.Number, entry.Fault ?? entry.Acc.NumberFault)));
        }
        catch (JsonShapeException e)
        {
            throw Reject($"{prefix} {e.Message}");
        }
        return new ParsedSubmission(fileName, Utf8TextFile.Locator(bytes, bomLength), predictions);
    }
}
