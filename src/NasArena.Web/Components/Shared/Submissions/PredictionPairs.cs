using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Storage;
using NasArena.Platform.Submissions;
using NasArena.Prediction;

namespace NasArena.Web.Components.Shared.Submissions;

/// <summary>
/// Predicted against true accuracy for a prediction submission, worked out on the server from the stored file and the
/// phase's hidden query set: the scorer keeps no per-architecture numbers, since true accuracies are the hidden test
/// labels. Organizers only: for a participant every pair would hand out the labels of the architectures they predict,
/// public split included (the public board's split is hidden too; it only decides which board a number counts on).
/// </summary>
public static class PredictionPairs
{
    public sealed record Pair(string Id, double Predicted, double True, bool IsPrivate)
    {
        public double Residual => Predicted - True;
    }

    /// <summary>The pairs, or null when the caller is not an organizer of the submission's competition.</summary>
    public static async Task<List<Pair>?> ForOrganizerAsync(IServiceProvider services, Actor? actor, Guid submissionId, CancellationToken ct)
    {
        var queries = services.GetRequiredService<SubmissionQueries>();
        var access = services.GetRequiredService<Access>();
        var view = await queries.GetAsync(actor, submissionId, ct);
        var phase = await access.PhaseAsync(actor, view.PhaseId, ct);
        if (!await access.IsOrganizerAsync(actor, phase.Track!.CompetitionId, ct))
        {
            return null;
        }
        var assets = services.GetRequiredService<AssetService>();
        var querySetAsset = (await assets.ListAsync(actor, phase.Id, ct)).FirstOrDefault(a => a.Kind == PredictorScorer.QuerySetKind);
        if (querySetAsset is null)
        {
            return [];
        }
        var dir = Path.Combine(services.GetRequiredService<ProcessScratch>().Dir, "ui-pairs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var querySetPath = Path.Combine(dir, "query-set.json");
            var (_, querySetStream) = await assets.OpenAsync(actor, phase.Id, querySetAsset.Id, ct);
            await CopyAsync(querySetStream, querySetPath, ct);
            var (fileName, _, fileStream) = await queries.OpenFileAsync(actor, submissionId, ct);
            var filePath = Path.Combine(dir, "submission");
            await CopyAsync(fileStream, filePath, ct);
            var querySet = QuerySet.Load(querySetPath);
            var predicted = SubmissionReader.Read(filePath, fileName, querySet);
            return Enumerable.Range(0, querySet.Count)
                .Select(i => new Pair(querySet.Ids[i], predicted[i], querySet.Accuracies[i], querySet.IsPrivate[i])).ToList();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task CopyAsync(Stream source, string path, CancellationToken ct)
    {
        await using (source)
        await using (var target = File.Create(path))
        {
            await source.CopyToAsync(target, ct);
        }
    }
}
