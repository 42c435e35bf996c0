using System.Collections.Concurrent;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets;
using NasArena.Platform.Competitions;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;

namespace NasArena.Platform.Uploads;

/// <summary>
/// The resumable upload protocol (ADR 0012): start (everything checkable is checked before a byte is sent), chunks at
/// the current offset, the offset asked again after a drop, complete (the assembled file takes the multipart path:
/// <see cref="SubmissionService.SubmitAsync(Actor?, Guid, string, string, Stream, string?, bool, string?, CancellationToken)"/>
/// or <see cref="AssetService.UploadAsync"/>), cancel. Only the owner sees an upload; to anyone else it does not exist.
/// </summary>
public sealed class UploadService(UploadParts parts, SubmissionService submissions, AssetService assets, TimeProvider clock)
{
    /// <summary>
    /// The chunk size the server asks for: big enough that per-request costs (a LIST and a PUT to object storage, an
    /// HTTP round trip) stay small against the transfer, small enough that a drop loses seconds, not minutes, on a slow link.
    /// </summary>
    public const long ChunkBytes = 8L << 20;

    /// <summary>An upload not completed within this time is deleted with its bytes (on access, or by the watchdog).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromHours(24);

    public sealed record SubmissionStart(string FileName, long SizeBytes, string? Sha256, string? ContentType, string? Description, bool Baseline,
        bool Debug = false);

    public sealed record AssetStart(string FileName, long SizeBytes, string? Sha256, string? ContentType, string Kind, string? Name, bool Public,
        bool Debug = false);

    /// <summary>An upload's state as its owner sees it; <see cref="Quota"/> only when it starts a submission.</summary>
    public sealed record Status(UploadManifest Manifest, long Offset, Guid? ResultId, QuotaLeft? Quota);

    // One completion at a time per upload in this process, so a double click does not assemble the file twice (ADR 0012
    // says what two replicas completing at the same instant do).
    private static readonly ConcurrentDictionary<Guid, SemaphoreSlim> Completing = new();

    public async Task<Status> StartSubmissionAsync(Actor? actor, Guid phaseId, SubmissionStart input, CancellationToken ct)
    {
        var sha = CheckSha(input.Sha256);
        var admission = await submissions.AdmitAsync(actor, phaseId, input.FileName, input.SizeBytes, input.Description, input.Baseline, input.Debug, ct);
        var manifest = NewManifest(admission.User, UploadTarget.Submission, phaseId, input.FileName, input.ContentType, input.SizeBytes, sha) with
        {
            Description = input.Description,
            Baseline = input.Baseline,
            Debug = input.Debug,
        };
        await parts.CreateAsync(manifest, ct);
        return new Status(manifest, 0, null, admission.Quota);
    }

    public async Task<Status> StartAssetAsync(Actor? actor, Guid phaseId, AssetStart input, CancellationToken ct)
    {
        var sha = CheckSha(input.Sha256);
        var (kind, name) = await assets.AdmitAsync(actor, phaseId, input.Kind, input.Name, input.Public, input.Debug, input.FileName, input.SizeBytes, ct);
        var manifest = NewManifest(Access.RequireUser(actor), UploadTarget.Asset, phaseId, input.FileName, input.ContentType, input.SizeBytes, sha) with
        {
            AssetKind = kind,
            AssetName = name,
            AssetPublic = input.Public,
            AssetDebug = input.Debug,
        };
        await parts.CreateAsync(manifest, ct);
        return new Status(manifest, 0, null, null);
    }

    private UploadManifest NewManifest(Actor user, UploadTarget target, Guid phaseId, string fileName, string? contentType, long size, string? sha)
    {
        var now = clock.GetUtcNow();
        return new UploadManifest
        {
            Id = Guid.NewGuid(),
            OwnerId = user.UserId,
            Target = target,
            PhaseId = phaseId,
            FileName = fileName,
            ContentType = string.IsNullOrWhiteSpace(contentType) ? "application/octet-stream" : contentType,
            SizeBytes = size,
            ChunkBytes = ChunkBytes,
            Sha256 = sha,
            CreatedAt = now,
            ExpiresAt = now + Expiry,
        };
    }

    private static string? CheckSha(string? sha)
    {
        if (string.IsNullOrWhiteSpace(sha))
        {
            return null;
        }
        sha = sha.Trim().ToLowerInvariant();
        if (sha.Length != 64 || !sha.All(char.IsAsciiHexDigit))
        {
            throw new InvalidInputException($"'sha256' must be 64 hexadecimal digits (the file's SHA-256), not '{sha}'.");
        }
        return sha;
    }

    public async Task<Status> StatusAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var manifest = await OwnAsync(actor, id, ct);
        var completion = await parts.CompletionAsync(id, ct);
        var offset = completion is null ? (await parts.ChainAsync(id, ct)).Offset : manifest.SizeBytes;
        return new Status(manifest, offset, completion?.ResultId, null);
    }

    /// <summary>
    /// Stores the chunk [<paramref name="from"/>, <paramref name="to"/>] (inclusive, as Content-Range counts) of a file of
    /// <paramref name="total"/> bytes. Refused: another total than declared, a chunk past the end or larger than
    /// <see cref="ChunkBytes"/>, and (409 with the current offset) a start that is not where the upload stands.
    /// </summary>
    public async Task<Status> AppendAsync(Actor? actor, Guid id, long from, long to, long total, Stream body, CancellationToken ct)
    {
        var manifest = await OwnAsync(actor, id, ct);
        if (await parts.CompletionAsync(id, ct) is not null)
        {
            throw new ConflictException($"The upload {id} is complete; it takes no more chunks.");
        }
        if (total != manifest.SizeBytes)
        {
            throw new InvalidInputException($"Content-Range says the file has {total:N0} bytes; the upload was started for {manifest.SizeBytes:N0}.");
        }
        if (from < 0 || to < from)
        {
            throw new InvalidInputException($"Content-Range 'bytes {from}-{to}/{total}' is not a range of at least one byte.");
        }
        if (to >= manifest.SizeBytes)
        {
            throw new InvalidInputException($"The chunk 'bytes {from}-{to}' runs past the declared size of {manifest.SizeBytes:N0} bytes (the last byte is {manifest.SizeBytes - 1}).");
        }
        var length = to - from + 1;
        if (length > manifest.ChunkBytes)
        {
            throw new FileTooLargeException($"The chunk is {length:N0} bytes; this server takes chunks of at most {manifest.ChunkBytes:N0} bytes.");
        }
        var (offset, _) = await parts.ChainAsync(id, ct);
        if (from != offset)
        {
            throw new UploadOffsetMismatchException(offset, $"The upload stands at offset {offset:N0}, not {from:N0}: send the chunk that starts at {offset}.");
        }
        await parts.AppendAsync(id, from, length, manifest.SizeBytes, body, ct);
        return new Status(manifest, to + 1, null, null);
    }

    /// <summary>
    /// Assembles the parts and hands the file to the target's ordinary path (spool, hash, precheck, quota for a
    /// submission). Completing again answers with the same result. A file the precheck refuses is deleted (sending it
    /// again cannot help); after a refusal that may pass later (quota, an outage) the parts stay for another try.
    /// </summary>
    public async Task<(UploadManifest Manifest, Guid ResultId)> CompleteAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var manifest = await OwnAsync(actor, id, ct);
        var gate = Completing.GetOrAdd(id, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (await parts.CompletionAsync(id, ct) is { } done)
            {
                return (manifest, done.ResultId);
            }
            var (offset, chain) = await parts.ChainAsync(id, ct);
            if (offset != manifest.SizeBytes)
            {
                throw new UploadOffsetMismatchException(offset, $"The upload has {offset:N0} of its {manifest.SizeBytes:N0} bytes: send the rest from offset {offset} before completing it.");
            }
            Guid result;
            try
            {
                await using var content = parts.OpenAssembled(id, chain);
                result = manifest.Target == UploadTarget.Submission
                    ? (await submissions.SubmitAsync(actor, manifest.PhaseId, manifest.FileName, manifest.ContentType, content,
                        manifest.Description, manifest.Baseline, manifest.Sha256, manifest.Debug, ct)).Id
                    : (await assets.UploadAsync(actor, manifest.PhaseId, manifest.AssetKind!, manifest.AssetName, manifest.AssetPublic,
                        manifest.AssetDebug, manifest.FileName, manifest.ContentType, content, manifest.Sha256, ct)).Id;
            }
            catch (Exception e) when (e is InvalidFileException or FileTooLargeException)
            {
                await parts.DeleteAsync(id, CancellationToken.None);
                throw;
            }
            // The result is recorded before the bytes go: a crash in between leaves parts that expire, never a lost answer.
            await parts.MarkCompletedAsync(id, new UploadCompletion(result, clock.GetUtcNow()), CancellationToken.None);
            await parts.DeletePartsAsync(id, CancellationToken.None);
            return (manifest, result);
        }
        finally
        {
            gate.Release();
            Completing.TryRemove(new KeyValuePair<Guid, SemaphoreSlim>(id, gate));
        }
    }

    public async Task CancelAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        await OwnAsync(actor, id, ct);
        await parts.DeleteAsync(id, ct);
    }

    /// <summary>The upload's manifest for its owner; anyone else, and an expired upload (deleted now), get 404.</summary>
    private async Task<UploadManifest> OwnAsync(Actor? actor, Guid id, CancellationToken ct)
    {
        var user = Access.RequireUser(actor);
        var manifest = await parts.ManifestAsync(id, ct);
        if (manifest is null || manifest.OwnerId != user.UserId)
        {
            throw new NotFoundException($"There is no upload {id} of yours: it never existed, was cancelled, or expired {Expiry.TotalHours:0} hours after it started.");
        }
        if (manifest.ExpiresAt <= clock.GetUtcNow())
        {
            await parts.DeleteAsync(id, ct);
            throw new NotFoundException($"The upload {id} expired on {manifest.ExpiresAt:yyyy-MM-dd HH:mm} UTC, {Expiry.TotalHours:0} hours after it started; " +
                "its bytes were deleted. Start a new upload.");
        }
        return manifest;
    }
}
