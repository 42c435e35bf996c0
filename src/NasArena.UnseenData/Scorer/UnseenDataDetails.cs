using System.Text.Json;
using System.Text.Json.Nodes;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Metrics;

namespace NasArena.UnseenData.Scorer;

/// <summary>
/// The result's shape. DetailsJson holds per-data-set status, reason and public numbers, and the log tails under the
/// separate key "logs", which the platform removes (<see cref="WithoutLogs"/>) when the track sets hideLogs.
/// Nothing in it derives from test labels except public accuracy and score: the per-item correctness bits go to the
/// result's in-memory <see cref="ScoreResult.PublicDatasets"/>/<see cref="ScoreResult.PrivateDatasets"/> only.
/// </summary>
public static class UnseenDataDetails
{
    public const string LogsKey = "logs";

    /// <summary>
    /// Public and private numbers; a data set assigned to one board (datasetBoards) counts on that board only, and its
    /// accuracy stays out of DetailsJson when that board is the private one.
    /// </summary>
    public static ScoreResult ToScoreResult(IReadOnlyList<DatasetResult> results, string runner, string version, UnseenDataSettings? settings = null)
    {
        settings ??= new UnseenDataSettings();
        Boards.CheckCodenames(settings, results.Select(r => r.Codename));
        var pub = new Dictionary<string, double> { ["score"] = results.Where(r => Boards.Of(settings, r.Codename).CountsOnPublic()).Sum(r => r.Score) };
        var priv = new Dictionary<string, double> { ["score"] = results.Where(r => Boards.Of(settings, r.Codename).CountsOnPrivate()).Sum(r => r.PrivateScore) };
        foreach (var r in results)
        {
            var board = Boards.Of(settings, r.Codename);
            if (board.CountsOnPublic())
            {
                pub[$"{r.Codename}_accuracy"] = r.Accuracy;
                pub[$"{r.Codename}_score"] = r.Score;
            }
            if (board.CountsOnPrivate())
            {
                priv[$"{r.Codename}_accuracy"] = r.PrivateAccuracy;
                priv[$"{r.Codename}_score"] = r.PrivateScore;
            }
        }
        bool Shown(DatasetResult r) => Boards.Of(settings, r.Codename).CountsOnPublic();
        var details = new JsonObject
        {
            ["scorer"] = version,
            ["runner"] = runner,
            ["datasets"] = new JsonArray(results.Select(r => (JsonNode)new JsonObject
            {
                ["name"] = r.Name,
                ["codename"] = r.Codename,
                ["status"] = r.Ok ? "scored" : "failed",
                ["failure"] = r.Ok ? null : r.Failure.ToString(),
                ["reason"] = r.Reason,
                [PackageWords.PlatformReasonKey] = r.Ok ? null : r.ParticipantReason,
                ["phase"] = r.Phase,
                ["elapsedSeconds"] = Math.Round(r.Elapsed.TotalSeconds, 2),
                ["board"] = Boards.Of(settings, r.Codename).ToString().ToLowerInvariant(),
                ["accuracy"] = Shown(r) ? r.Accuracy : null,
                ["score"] = Shown(r) ? r.Score : null,
                ["notes"] = new JsonArray(r.Notes.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
            }).ToArray()),
            [LogsKey] = new JsonObject(results.Select(r => KeyValuePair.Create(r.Codename, (JsonNode?)JsonValue.Create(r.LogTail)))),
        };
        return new ScoreResult(pub, priv, details.ToJsonString(),
            PublicDatasets: ItemsOn(results, r => Boards.Of(settings, r.Codename).CountsOnPublic(), t => (t.PublicCount, t.PublicCorrect)),
            PrivateDatasets: ItemsOn(results, r => Boards.Of(settings, r.Codename).CountsOnPrivate(), t => (t.PrivateCount, t.PrivateCorrect)));
    }

    /// <summary>
    /// The board's data sets, in the order their scores are summed, for the bootstrap; null when a result has no items
    /// (then the submission gets no interval rather than one over other items than its rivals').
    /// </summary>
    private static StratifiedItems? ItemsOn(IReadOnlyList<DatasetResult> results, Func<DatasetResult, bool> counts, Func<TestItems, (int Count, byte[]? Correct)> part)
    {
        var datasets = new List<DatasetItems>();
        foreach (var r in results.Where(counts))
        {
            if (r.Items is not { } items) return null;
            var (count, correct) = part(items);
            datasets.Add(new DatasetItems(r.Codename, items.Benchmark, count, r.Ok ? correct : null));
        }
        return datasets.Count == 0 ? null : new StratifiedItems(datasets);
    }

    /// <summary>DetailsJson without the participant's logs (for tracks with hideLogs).</summary>
    public static string WithoutLogs(string detailsJson)
    {
        var node = JsonNode.Parse(detailsJson)?.AsObject() ?? throw new JsonException("DetailsJson is not an object.");
        node.Remove(LogsKey);
        return node.ToJsonString();
    }

    /// <summary>
    /// When every data set failed the submission is rejected; the message says why, per data set, in the platform's words
    /// first, then (after <see cref="PackageWords.Marker"/>) with what the package raised and the end of its log, which
    /// participants of a phase that hides logs do not see.
    /// </summary>
    public static string RejectionMessage(IReadOnlyList<DatasetResult> results, bool hideLogs)
    {
        var message = "The package failed on every data set.\n" + string.Join("\n", results.Select(r => $"{r.Codename}: {r.ParticipantReason}"));
        var quoting = results.Where(r => r.Reason != r.ParticipantReason).Select(r => $"{r.Codename}: {r.Reason}").ToList();
        if (quoting.Count == 0 && hideLogs) return message;
        message += "\n" + PackageWords.Marker;
        if (quoting.Count > 0) message += "\n" + string.Join("\n", quoting);
        if (!hideLogs)
        {
            var tail = results[0].LogTail;
            if (tail.Length > 3000) tail = "..." + tail[^3000..];
            message += $"\n--- end of the log on {results[0].Codename} ---\n{tail}";
        }
        return message;
    }
}
