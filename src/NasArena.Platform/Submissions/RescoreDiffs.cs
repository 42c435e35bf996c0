using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Accounts;
using NasArena.Platform.Competitions;
using NasArena.Platform.Data;
using NasArena.Platform.Errors;
using NasArena.Platform.Tracks;

namespace NasArena.Platform.Submissions;

public sealed record MetricDelta(double? Old, double? New, double? Delta);

/// <summary>One rescore of a submission: its metrics before and after, and which parts of the provenance differ.</summary>
public sealed record RescoreChange(int FromRun, int ToRun, DateTimeOffset ReplacedAt, string OldScorerVersion, string NewScorerVersion,
    Dictionary<string, MetricDelta> Public, Dictionary<string, MetricDelta> Private, IReadOnlyList<string> ProvenanceChanged);

public sealed record RescoreDiff(Guid SubmissionId, int CurrentRun, IReadOnlyList<RescoreChange> Changes);

/// <summary>What each rescore of a submission changed (issue 14), from the kept score history; organizers only.</summary>
public sealed class RescoreDiffs(NasArenaDb db, Access access)
{
    // Parts of the provenance that say why a number moved; times, run and attempts differ at every rescore by nature.
    private static readonly string[] Causes = ["scorerVersion", "submissionSha256", "assets", "trackSettings", "worker"];

    public async Task<RescoreDiff> OfAsync(Actor? actor, Guid submissionId, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Score).SingleOrDefaultAsync(s => s.Id == submissionId, ct)
            ?? throw new NotFoundException($"There is no submission {submissionId}.");
        var phase = await access.PhaseAsync(actor, submission.PhaseId, ct);
        await access.RequireOrganizerAsync(actor, phase.Track!.CompetitionId, ct);
        var history = await db.ScoreHistory.AsNoTracking().Where(h => h.SubmissionId == submissionId).ToListAsync(ct);
        var versions = history.OrderBy(h => h.ScoringRun)
            .Select(h => (h.ScoringRun, h.ScorerVersion, h.PublicMetricsJson, h.PrivateMetricsJson, h.ProvenanceJson, (DateTimeOffset?)h.ReplacedAt))
            .ToList();
        if (submission.Score is { } current)
        {
            versions.Add((current.ScoringRun, current.ScorerVersion, current.PublicMetricsJson, current.PrivateMetricsJson, current.ProvenanceJson, null));
        }
        var changes = new List<RescoreChange>();
        for (int i = 1; i < versions.Count; i++)
        {
            var (old, @new) = (versions[i - 1], versions[i]);
            changes.Add(new RescoreChange(old.ScoringRun, @new.ScoringRun, old.Item6!.Value, old.ScorerVersion, @new.ScorerVersion,
                Deltas(old.PublicMetricsJson, @new.PublicMetricsJson), Deltas(old.PrivateMetricsJson, @new.PrivateMetricsJson),
                ProvenanceChanged(old.ProvenanceJson, @new.ProvenanceJson)));
        }
        return new RescoreDiff(submissionId, submission.ScoringRun, changes);
    }

    internal static Dictionary<string, MetricDelta> Deltas(string oldJson, string newJson)
    {
        var (old, @new) = (ScoreRecords.FromJson(oldJson), ScoreRecords.FromJson(newJson));
        return old.Keys.Union(@new.Keys).Order(StringComparer.Ordinal).ToDictionary(k => k, k =>
        {
            var (a, b) = (old.GetValueOrDefault(k), @new.GetValueOrDefault(k));
            return new MetricDelta(a, b, a is { } x && b is { } y ? y - x : null);
        });
    }

    /// <summary>Names of the provenance parts that differ ("provenance" when one side predates provenance records).</summary>
    internal static IReadOnlyList<string> ProvenanceChanged(string? oldJson, string? newJson)
    {
        if (oldJson is null || newJson is null) return oldJson == newJson ? [] : ["provenance"];
        var (a, b) = (JsonNode.Parse(oldJson), JsonNode.Parse(newJson));
        return Causes.Where(c => c == "assets" ? !JsonNode.DeepEquals(Unversioned(a?[c]), Unversioned(b?[c])) : !JsonNode.DeepEquals(a?[c], b?[c])).ToList();
    }

    // An asset's version number moves with its hash; scores recorded before versions existed have none (issue 23), and
    // that alone is not a change.
    private static JsonNode? Unversioned(JsonNode? assets)
    {
        if (assets is not JsonArray list) return assets;
        var copy = (JsonArray)list.DeepClone();
        foreach (var asset in copy.OfType<JsonObject>()) asset.Remove("version");
        return copy;
    }
}
