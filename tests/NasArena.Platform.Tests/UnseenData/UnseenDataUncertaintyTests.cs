using System.Net;
using System.Text.Json.Nodes;
using NasArena.Platform.Domain;
using NasArena.Platform.Leaderboards;
using NasArena.Platform.Tests.Infrastructure;
using NasArena.Scoring.Metrics;

namespace NasArena.Platform.Tests.UnseenData;

/// <summary>
/// Issue 14 for unseen data (ADR 0021): a package scored through the platform's sandbox gets the stratified bootstrap
/// interval of its score, stored by the worker and shown by the API and the CLI, equal to one recomputed here from the
/// hidden labels; the correctness bits it was computed from reach no participant.
/// </summary>
[Collection(SqliteDiskCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UnseenDataUncertaintyTests(SqliteDiskHost fixture)
{
    private readonly PlatformHost _host = fixture.Host;

    /// <summary>
    /// A package whose predictions are comparisons of one raw pixel with thresholds: no training, and no arithmetic on
    /// the pixels, so numpy here predicts the very same classes as numpy in the sandbox.
    /// </summary>
    private static Dictionary<string, string> PixelRule(int row, int column) => new()
    {
        ["data_processor.py"] = """
            class DataProcessor:
                def __init__(self, train_x, train_y, valid_x, valid_y, test_x, metadata):
                    self.test_x = test_x

                def process(self):
                    return None, None, self.test_x
            """,
        ["nas.py"] = """
            import torch

            class NAS:
                def __init__(self, train_loader, valid_loader, metadata):
                    pass

                def search(self):
                    return torch.nn.Identity()
            """,
        ["trainer.py"] = $$"""
            import numpy as np

            class Trainer:
                def __init__(self, model, device, train_loader, valid_loader, metadata):
                    self.classes = metadata["num_classes"]

                def train(self):
                    pass

                def predict(self, test_x):
                    return {{Rule(row, column, "self.classes")}}
            """,
    };

    private static string Rule(int row, int column, string classes) =>
        $"np.minimum(sum((test_x[:, 0, {row}, {column}] > t).astype(np.int64) for t in (0.2, 0.4, 0.6, 0.8)), {classes} - 1)";

    /// <summary>The rule's correctness bits on each data set, by numpy on the hidden zips, in the scorer's order (by name).</summary>
    private static async Task<StratifiedItems> ExpectedItemsAsync(int row, int column)
    {
        var folder = await UnseenDataScenario.DatasetFolderAsync(chanceBenchmarks: true);
        var script = $$"""
            import io, json, sys, zipfile
            import numpy as np
            for name in ("fashion.zip", "fashion-groups.zip"):
                with zipfile.ZipFile(name) as z:
                    test_x = np.load(io.BytesIO(z.read("test_x.npy"))); test_y = np.load(io.BytesIO(z.read("test_y.npy")))
                    meta = json.loads(z.read("metadata.json"))
                right = {{Rule(row, column, "meta['num_classes']")}} == test_y
                print(meta["codename"], repr(float(meta["benchmark"])), "".join("1" if r else "0" for r in right))
            """;
        var path = Path.Combine(folder, $"rule-{Guid.NewGuid():N}.py");
        await File.WriteAllTextAsync(path, script);
        var result = await Python.RunAsync(folder, null, path);
        File.Delete(path);
        Assert.True(result.ExitCode == 0, result.ToString());
        return new StratifiedItems(result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line =>
        {
            var parts = line.Split(' ');
            return new DatasetItems(parts[0], double.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture), parts[2].Length,
                DatasetItems.Pack(parts[2].Select(c => c == '1').ToArray()));
        }).ToList());
    }

    [Fact]
    public async Task AnUnseenDataEntryShowsTheStoredIntervalOfItsScoreRecomputedFromTheHiddenLabelsAndPairsWithItsRivals()
    {
        var scenario = await UnseenDataScenario.CreateAsync(_host, chanceBenchmarks: true);
        var cli = CliSession.For(_host, scenario.Participant);
        UnseenDataScenario.WritePackage(cli.PathOf("center.zip"), "baseline", PixelRule(14, 14));
        var submit = await cli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "center.zip");
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var id = CliSession.SubmissionId(submit);

        var rival = await Scenario.NewUserAsync(_host, "rival");
        await rival.PostJsonAsync($"competitions/{scenario.Slug}/registrations", new { acceptRules = true, teamName = "Rivals" }, HttpStatusCode.Created);
        var rivalCli = CliSession.For(_host, rival);
        UnseenDataScenario.WritePackage(rivalCli.PathOf("corner.zip"), "baseline", PixelRule(9, 18));
        var rivalSubmit = await rivalCli.RunAsync("submit", "--phase", scenario.CliPhase, "--wait", "corner.zip");
        Assert.True(rivalSubmit.ExitCode == 0, rivalSubmit.ToString());
        var rivalId = CliSession.SubmissionId(rivalSubmit);

        var items = await ExpectedItemsAsync(14, 14);
        var submission = await scenario.Participant.GetJsonAsync($"submissions/{id}");
        // The package is scored as numpy says it predicts: the same accuracies, so the same items are right.
        foreach (var d in items.Datasets)
            Assert.Equal(DatasetBootstrap.AccuracyOf(Enumerable.Range(0, d.Count).Count(i => (d.Correct![i >> 3] >> (i & 7) & 1) == 1), d.Count),
                submission["publicMetrics"]![$"{d.Codename}_accuracy"]!.GetValue<double>());
        var replicates = DatasetBootstrap.Replicates("score", items, c => Uncertainty.DatasetSeed(scenario.PhaseId, Board.Public, c), 1000);
        var expected = Bootstrap.IntervalOf(replicates)!.Value;

        var board = await scenario.Participant.GetJsonAsync($"phases/{scenario.PhaseId}/leaderboard");
        var row = board["rows"]!.AsArray().Single(r => r!["submissionId"]!.GetValue<string>() == id.ToString())!;
        Assert.Equal(expected.Low, row["low"]!.GetValue<double>());
        Assert.Equal(expected.High, row["high"]!.GetValue<double>());
        Assert.True(expected.Low < expected.High, $"a rule right on some items only has an interval of some width: {board.ToJsonString()}");
        Assert.All(board["rows"]!.AsArray(), r => Assert.NotNull(r!["tieGroup"])); // both entries paired
        var uncertainty = board["uncertainty"]!;
        Assert.Equal(1000, uncertainty["resamples"]!.GetValue<int>());
        Assert.Equal($"nasarena/bootstrap/v1/{scenario.PhaseId:D}/public", uncertainty["seedText"]!.GetValue<string>());
        Assert.Contains("each hidden data set", uncertainty["resampled"]!.GetValue<string>());

        var compared = await scenario.Participant.GetJsonAsync($"phases/{scenario.PhaseId}/leaderboard/compare?a={id}&b={rivalId}");
        Assert.Equal(1000, compared["resamples"]!.GetValue<int>());
        Assert.Equal(1000, compared["aWins"]!.GetValue<int>() + compared["bWins"]!.GetValue<int>() + compared["equal"]!.GetValue<int>());

        var shown = await cli.RunAsync("leaderboard", "--phase", scenario.CliPhase);
        Assert.True(shown.ExitCode == 0, shown.ToString());
        Assert.Contains("paired percentile bootstrap over the test items of each hidden data set", shown.Stdout);
        Assert.Contains(FormattableString.Invariant($"[{expected.Low:F4}, {expected.High:F4}]"), shown.Stdout);

        // The bits stay with the worker: not in the submission, its details, nor the board, in any encoding.
        var texts = new[] { submission.ToJsonString(), board.ToJsonString(), (await scenario.Organizer.GetJsonAsync($"submissions/{id}")).ToJsonString() };
        foreach (var text in texts)
        {
            Assert.DoesNotContain("correct", text, StringComparison.OrdinalIgnoreCase);
            foreach (var d in items.Datasets)
            {
                Assert.DoesNotContain(Convert.ToBase64String(d.Correct!), text);
                Assert.DoesNotContain(Convert.ToHexString(d.Correct!), text, StringComparison.OrdinalIgnoreCase);
            }
        }
    }
}
