using System.Text.Json;
using NasArena.Scoring.Metrics;
using NasArena.UnseenData.Datasets;
using NasArena.UnseenData.Sandbox;

namespace NasArena.UnseenData.Scorer;

/// <summary>
/// Turns a finished sandbox run into a data set result: the reason of a failure (the runner's kill first, then the
/// harness's status), else checks of the predictions and their accuracy against the hidden labels, read only here.
/// </summary>
public static class RunEvaluator
{
    /// <param name="settings">For the private split of data sets without a mask (privateTestFraction); null = none.</param>
    public static DatasetResult Evaluate(StagedDataset dataset, SandboxJob job, SandboxOutcome outcome, UnseenDataSettings? settings = null)
    {
        var l = job.Limits;
        var status = ReadStatus(Path.Combine(job.OutputDirectory, SandboxOutcome.StatusFile));
        var phase = status.Phase;
        // reason: for the organizers, may quote the package (its exception); platform: the platform's own sentence only,
        // what participants see where logs are hidden (ADR 0033). The phase is one of the harness's, never the package's text.
        DatasetResult Fail(FailureKind kind, string reason, string? platform = null) =>
            new(dataset.Name, dataset.Metadata.Codename, kind, reason, phase, 0, -10, 0, -10, outcome.Elapsed, outcome.LogTail, outcome.Notes,
                FailedItems(dataset, settings), platform ?? reason);

        switch (outcome.Stop)
        {
            case SandboxStop.TimeLimit:
                return Fail(FailureKind.TimeLimit,
                    $"Time limit: stopped after {outcome.Elapsed.TotalSeconds:F0} s in phase '{phase}' (limit {l.TimeLimitSeconds:g} s, plus {l.GraceSeconds:g} s of grace for prediction).");
            case SandboxStop.MemoryLimit:
                return Fail(FailureKind.MemoryLimit, $"Memory limit: the package used more than {l.MemoryBytes:N0} bytes and was killed in phase '{phase}'.");
            case SandboxStop.ProcessLimit:
                return Fail(FailureKind.ProcessLimit, $"Process limit: the package tried to run more than {l.MaxProcesses} processes (phase '{phase}').");
            case SandboxStop.LogLimit:
                return Fail(FailureKind.LogLimit, $"Log limit: the package printed more than {l.MaxLogBytes:N0} bytes to stdout/stderr and was stopped (phase '{phase}').");
            case SandboxStop.Cancelled:
                throw new OperationCanceledException("The scoring job was cancelled.");
        }

        if (status.Problem is { } problem)
            return Fail(FailureKind.BadPredictions, $"No verdict: {problem}");
        if (status.Error is { } error)
        {
            // The error's type and message come from the package (it can raise any class with any text): the platform's
            // sentences below name only the kind of failure, the phase and the limits.
            var what = $"{error.Type}: {error.Message}";
            return error switch
            {
                { Type: "TimeLimitExceeded" } => Fail(FailureKind.TimeLimit, $"Time limit: {error.Message}.",
                    $"Time limit: the package ran past its time limit of {l.TimeLimitSeconds:g} s in phase '{phase}'."),
                { Type: "BadTestLoader" } => Fail(FailureKind.BadTestLoader, $"Bad test loader: {error.Message}.",
                    $"Bad test loader: the test loader of process() shuffles or drops items, so predictions would not match the test items."),
                { Type: "BadConstructor" } => Fail(FailureKind.Exception, $"Wrong constructor in phase '{phase}': {error.Message}.",
                    $"Wrong constructor in phase '{phase}': a class of the package does not take the starting kit's arguments."),
                { Type: "MemoryError" } => Fail(FailureKind.MemoryLimit, $"Memory limit: an allocation beyond the cap of {l.MemoryBytes:N0} bytes failed in phase '{phase}' ({what}).",
                    $"Memory limit: an allocation beyond the cap of {l.MemoryBytes:N0} bytes failed in phase '{phase}'."),
                { Errno: 27 or 28 } => Fail(FailureKind.OutputLimit, $"Output limit: the package wrote more than {l.OutputBytes:N0} bytes (to one file or to /tmp) in phase '{phase}' ({what}).",
                    $"Output limit: the package wrote more than {l.OutputBytes:N0} bytes (to one file or to /tmp) in phase '{phase}'."),
                { Errno: 11, Type: "BlockingIOError" } => Fail(FailureKind.ProcessLimit, $"Process limit: a new process or thread was refused (limit {l.MaxProcesses}) in phase '{phase}' ({what}).",
                    $"Process limit: a new process or thread was refused (limit {l.MaxProcesses}) in phase '{phase}'."),
                _ => Fail(FailureKind.Exception, $"Exception in phase '{phase}': {what}", $"Exception in phase '{phase}': the package raised an error."),
            };
        }
        if (!status.Ok)
            return Fail(FailureKind.ExitCode,
                $"The run ended in phase '{phase}' without a result (exit code {outcome.ExitCode?.ToString() ?? "none"}{Signal(outcome.ExitCode)}).");

        var predictionsPath = Path.Combine(job.OutputDirectory, SandboxOutcome.PredictionsFile);
        var labels = NpyArray.ReadIntegers(dataset.TestLabelsPath);
        var check = CheckPredictions(predictionsPath, labels.Length, dataset.Metadata.NumClasses);
        // The check quotes the file's header (its dtype text, or all of a header it cannot parse): the package wrote it.
        if (check.Error is not null)
            return Fail(FailureKind.BadPredictions, check.Error,
                $"Bad predictions: predict() did not give one class index from 0 to {dataset.Metadata.NumClasses - 1} for each of the {labels.Length} test items.");

        var mask = BoardMask(dataset, settings, labels.Length);
        var b = dataset.Metadata.Benchmark;
        var publicAcc = Accuracy(check.Predictions!, labels, mask, 0);
        var privateAcc = mask is null ? publicAcc : Accuracy(check.Predictions!, labels, mask, 1);
        return new DatasetResult(dataset.Name, dataset.Metadata.Codename, FailureKind.None, null, "done",
            publicAcc, DatasetResult.ScoreOf(publicAcc, b), privateAcc, DatasetResult.ScoreOf(privateAcc, b),
            outcome.Elapsed, outcome.LogTail, outcome.Notes, ItemsOf(check.Predictions!, labels, mask, b));
    }

    /// <summary>
    /// 0 = public, 1 = private per test item; null = no split. A data set assigned to one board counts all its test
    /// items there; one on both boards is split by its mask, else by the organizer's seeded split (privateTestFraction),
    /// else not at all (Private = Public).
    /// </summary>
    private static long[]? BoardMask(StagedDataset dataset, UnseenDataSettings? settings, int count)
    {
        var onBothBoards = settings is null || Boards.Of(settings, dataset.Metadata.Codename) == DatasetBoard.Both;
        return !onBothBoards ? null
            : dataset.PrivateMaskPath is not null ? NpyArray.ReadIntegers(dataset.PrivateMaskPath)
            : settings is { PrivateTestFraction: > 0 } s ? Boards.SplitMask(s.PrivateSplitSeed, dataset.Metadata.Codename, count, s.PrivateTestFraction)
            : null;
    }

    /// <summary>Per board, in test order, which items were right (the board's items only); the bootstrap's input.</summary>
    private static TestItems ItemsOf(long[] predictions, long[] labels, long[]? mask, double benchmark)
    {
        (int, byte[]) Part(long part)
        {
            var right = new List<bool>(labels.Length);
            for (int i = 0; i < labels.Length; i++)
                if (mask is null || mask[i] == part) right.Add(predictions[i] == labels[i]);
            return (right.Count, DatasetItems.Pack(right));
        }
        var (publicCount, publicBits) = Part(0);
        var (privateCount, privateBits) = mask is null ? (publicCount, publicBits) : Part(1);
        return new TestItems(benchmark, publicCount, publicBits, privateCount, privateBits);
    }

    /// <summary>
    /// A failed run's item counts (no bits: its score is fixed), so that it is resampled over the same items as the
    /// phase's other entries; null when even the labels cannot be read (then no interval for the submission).
    /// </summary>
    private static TestItems? FailedItems(StagedDataset dataset, UnseenDataSettings? settings)
    {
        try
        {
            var count = checked((int)NpyHeader.ReadFile(dataset.TestLabelsPath).Shape[0]);
            var mask = BoardMask(dataset, settings, count);
            int publicCount = mask is null ? count : mask.Count(m => m == 0);
            return new TestItems(dataset.Metadata.Benchmark, publicCount, null, mask is null ? count : mask.Count(m => m == 1), null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or OverflowException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>A data set that never ran: with a shared time budget, the data sets before it spent it all.</summary>
    public static DatasetResult BudgetSpent(StagedDataset dataset, double budgetSeconds, UnseenDataSettings? settings = null) =>
        new(dataset.Name, dataset.Metadata.Codename, FailureKind.TimeLimit,
            $"Time limit: the {budgetSeconds:g} s shared by all data sets were spent before this data set's turn; it did not run.",
            "not started", 0, -10, 0, -10, TimeSpan.Zero, "", [], FailedItems(dataset, settings));

    /// <summary>
    /// Predictions must be one integer class index per test item. The file is opened once, without following links, and
    /// read only when it is a regular file no larger than such a vector can be (<see cref="ResultFile"/>).
    /// </summary>
    public static (long[]? Predictions, string? Error) CheckPredictions(string path, long count, int numClasses)
    {
        using var file = ResultFile.Open(path, PredictionsCap(count));
        if (file.Problem is { } problem) return (null, $"Bad predictions: {problem}");
        if (file.Stream is null || file.Length == 0)
            return (null, "Bad predictions: the run reported success but wrote no predictions.");
        var name = Path.GetFileName(path);
        NpyHeader header;
        try
        {
            header = NpyHeader.Read(file.Stream, name);
        }
        catch (InvalidDataException e)
        {
            return (null, $"Bad predictions: {e.Message}");
        }
        if (header.Shape.Count != 1 || header.Shape[0] != count)
            return (null, $"Bad predictions: predict() returned shape {header.ShapeText}; expected ({count},), one class index per test item.");
        if (!header.IsInteger)
            return (null, $"Bad predictions: predict() returned dtype '{header.Descr}'; expected integer class indices (e.g. int64), not scores or probabilities.");
        long[] values;
        try
        {
            file.Stream.Position = 0;
            values = NpyArray.ReadIntegers(file.Stream, name);
        }
        catch (InvalidDataException e)
        {
            return (null, $"Bad predictions: {e.Message}");
        }
        for (int i = 0; i < values.Length; i++)
            if (values[i] < 0 || values[i] >= numClasses)
                return (null, $"Bad predictions: item {i} is {values[i]}, not a class index from 0 to {numClasses - 1}.");
        return (values, null);
    }

    /// <summary>The most a .npy vector of <paramref name="count"/> integers can take: the longest header read, 8 bytes a value.</summary>
    public static long PredictionsCap(long count) => NpyHeader.MaxHeaderBytes + 8 * count;

    private static double Accuracy(long[] predictions, long[] labels, long[]? mask, long part)
    {
        long right = 0, total = 0;
        for (int i = 0; i < labels.Length; i++)
        {
            if (mask is not null && mask[i] != part) continue;
            total++;
            if (predictions[i] == labels[i]) right++;
        }
        return total == 0 ? 0 : 100.0 * right / total;
    }

    /// <summary>The package can write to the status descriptor too (up to the output cap): only the end matters.</summary>
    private static List<string> LastLines(Stream stream, int maxBytes)
    {
        if (stream.Length > maxBytes) stream.Seek(-maxBytes, SeekOrigin.End);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    /// <summary>The phases main.py writes (StatusWriter.enter and the final "done").</summary>
    private static readonly HashSet<string> HarnessPhases = ["start", "load_data", "import", "process", "search", "train", "predict", "write", "done"];

    private static string Signal(int? exitCode) => exitCode is > 128 and < 160 ? $", signal {exitCode - 128}" : "";

    internal sealed record HarnessError(string Type, string Message, int? Errno, string? Traceback);

    /// <param name="Problem">Why status.jsonl was not read (a link, a FIFO ...): then the run has no verdict.</param>
    internal sealed record HarnessStatus(string Phase, bool Ok, HarnessError? Error, string? Problem = null);

    /// <summary>
    /// The last phase and the final verdict from status.jsonl; lines that are not the harness's JSON are skipped. Opened
    /// once without following links (<see cref="ResultFile"/>): only the end of a regular file is read.
    /// </summary>
    internal static HarnessStatus ReadStatus(string path)
    {
        var phase = "start";
        var ok = false;
        HarnessError? error = null;
        using var file = ResultFile.OpenAnySize(path);
        if (file.Problem is { } problem) return new HarnessStatus("not started", false, null, problem);
        if (file.Stream is null) return new HarnessStatus("not started", false, null);
        foreach (var line in LastLines(file.Stream, 4 << 20))
        {
            try
            {
                using var doc = JsonDocument.Parse(line);
                var r = doc.RootElement;
                if (r.ValueKind != JsonValueKind.Object) continue;
                // The package can write to the status channel too: only the harness's own phase names are taken.
                if (r.TryGetProperty("phase", out var p) && p.ValueKind == JsonValueKind.String && HarnessPhases.Contains(p.GetString()!)) phase = p.GetString()!;
                if (r.TryGetProperty("ok", out var o) && o.ValueKind == JsonValueKind.True) ok = true;
                if (r.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.Object)
                    error = new HarnessError(
                        e.TryGetProperty("type", out var t) ? t.GetString() ?? "?" : "?",
                        e.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "",
                        e.TryGetProperty("errno", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : null,
                        e.TryGetProperty("traceback", out var tb) ? tb.GetString() : null);
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException) { }
        }
        return new HarnessStatus(phase, ok && error is null, error);
    }
}
