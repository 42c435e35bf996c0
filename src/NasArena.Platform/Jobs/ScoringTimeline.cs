using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NasArena.Platform.Data;
using NasArena.Platform.Domain;

namespace NasArena.Platform.Jobs;

/// <summary>One step of a scoring run: what happened, when, and how many seconds after the upload.</summary>
public sealed record TimelineStep(string Step, DateTimeOffset At, double Seconds);

/// <summary>What a shard job measured of its own work, stored with its result (<see cref="Shard.TimelineJson"/>).</summary>
public sealed record ShardTimes(DateTimeOffset StartedAt, DateTimeOffset StagedAt, DateTimeOffset ScoredAt)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static ShardTimes? Parse(string? json) => json is null ? null : JsonSerializer.Deserialize<ShardTimes>(json, Json);
}

/// <summary>
/// Where the time from upload to score went (issue 27): the submission's own timestamps, and for a sharded run each
/// shard's (queued, claimed, its files and data staged, scored, stored), in time order. Stored with the score's provenance,
/// so a participant sees on the submission's page and in the API what was queueing and what was evaluation.
/// </summary>
public static class ScoringTimeline
{
    public static async Task<IReadOnlyList<TimelineStep>> OfAsync(NasArenaDb db, Guid id, int run, DateTimeOffset? startedAt,
        DateTimeOffset finishedAt, CancellationToken ct)
    {
        var submission = await db.Submissions.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.CreatedAt, s.QueuedAt }).SingleAsync(ct);
        var shards = await db.Shards.AsNoTracking().Where(s => s.SubmissionId == id && s.ScoringRun == run)
            .Select(s => new { s.ShardIndex, s.CreatedAt, s.QueuedAt, s.FinishedAt, s.TimelineJson }).ToListAsync(ct);
        var steps = new List<(string Step, DateTimeOffset? At)>
        {
            ("uploaded", submission.CreatedAt),
            ("queued", submission.QueuedAt),
            ("started", startedAt),
        };
        if (shards.Count > 0)
        {
            // Planned right after the first job staged the files and counted the units.
            steps.Add(("staged and cut into shards", shards.Min(s => s.CreatedAt)));
        }
        foreach (var shard in shards.OrderBy(s => s.ShardIndex))
        {
            var name = $"shard {shard.ShardIndex + 1} of {shards.Count}";
            var times = ShardTimes.Parse(shard.TimelineJson);
            steps.Add(($"{name} queued", shard.QueuedAt));
            steps.Add(($"{name} started", times?.StartedAt));
            steps.Add(($"{name} staged", times?.StagedAt));
            steps.Add(($"{name} scored", times?.ScoredAt));
            steps.Add(($"{name} stored", shard.FinishedAt));
        }
        steps.Add(("finished", finishedAt));
        var origin = submission.CreatedAt;
        return steps.Where(s => s.At is not null).OrderBy(s => s.At)
            .Select(s => new TimelineStep(s.Step, s.At!.Value, Math.Round((s.At.Value - origin).TotalSeconds, 3))).ToList();
    }
}
