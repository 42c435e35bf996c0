using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Platform.Storage;
using NasArena.Prediction;
using NasArena.Scoring.Contract;

namespace NasArena.Platform.Submissions;

/// <summary>
/// Predicted against true accuracy for a prediction submission, worked out on the server from the stored file and the
/// phase's hidden query set: the scorer keeps no per-architecture numbers, since true accuracies are the hidden test
/// labels. Organizers only: for a participant every pair would hand out the labels of the architectures they predict,
/// public split included (the public board's split is hidden too; it only decides which board a number counts on).
/// The submission page and <c>GET /api/v1/submissions/{id}/pairs</c> both ask this service, so both refuse alike.
/// </summary>
public sealed class PredictionPairs(NasArenaDb db, SubmissionQueries queries, Access access, AssetService assets, ProcessScratch scratch)
{
    public sealed record Pair(string Id, double Predicted, double True, bool IsPrivate)
    {
        public double Residual => Predicted - True;
    }

    /// <summary>
    /// The pairs, in the query set's order (empty while the phase has no query set). Not an organizer of the submission's
    /// competition: <see cref="ForbiddenException"/>; not a prediction submission, or a file that no longer reads against
    /// the query set: <see cref="ConflictException"/>.
    /// </summary>
    public async Task<List<Pair>> ForOrganizerAsync(Actor? actor, Guid submissionId, CancellationToken ct)
    {
        // The phase first and the organizer check next, as RescoreDiffs does: anyone else gets the same 403 whether or
        // not the submission is their team's.
        var phaseId = await db.Submissions.AsNoTracking().Where(s => s.Id == submissionId).Select(s => (Guid?)s.PhaseId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"There is no submission {submissionId}.");
        var phase = await access.PhaseAsync(actor, phaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        // A kind scored against a query set of predicted accuracies (the descriptor says so; no kind is named here).
        if (!Tracks.TrackCatalog.Get(phase.Track.Kind).HiddenAssetKinds.Contains(PredictorScorer.QuerySetKind))
        {
            throw new ConflictException($"Submission {submissionId} is not a performance prediction: it has no predicted accuracies to pair.");
        }
        var querySetAsset = (await assets.ListAsync(actor, phase.Id, ct)).FirstOrDefault(a => a.Kind == PredictorScorer.QuerySetKind);
        if (querySetAsset is null)
        {
            return [];
        }
        var dir = Path.Combine(scratch.Dir, "pairs-" + Guid.NewGuid().ToString("N"));
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
        catch (Exception e) when (e is SubmissionRejectedException or AssetRejectedException)
        {
            throw new ConflictException("The predictions cannot be compared: " + e.Message);
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
