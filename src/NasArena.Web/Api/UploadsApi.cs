using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Errors;
using NasArena.Platform.Submissions;
using NasArena.Platform.Uploads;
using NasArena.Web.Auth;
using NasArena.Web.RateLimiting;
using NasArena.Web.Hosting;
using NasArena.Platform.Accounts;

namespace NasArena.Web.Api;

/// <summary>
/// The resumable upload protocol (ADR 0012): POST starts an upload (checked before any byte), PUT sends a chunk with
/// Content-Range at the current offset, HEAD or GET asks the offset, POST .../complete hands the assembled file to the
/// same path as the multipart endpoint and answers the same, DELETE cancels. Submissions and organizers' assets both.
/// </summary>
public static class UploadsApi
{
    public static RouteGroupBuilder MapUploadsApi(this RouteGroupBuilder api)
    {
        var phase = api.MapGroup("/phases/{phaseId:guid}").WithTags("Uploads").RequireScope(TokenScopes.Read);
        phase.MapPost("/uploads", StartSubmission).RequireScope(TokenScopes.Submit).LimitedAs(Limited.Submissions).ProducesProblems(400, 403, 404, 409, 413, 422, 429, 503);
        phase.MapPost("/assets/uploads", StartAsset).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 413, 422);

        // An upload goes on with the scope that could start it: a submission's with submit, an asset's with manage.
        var one = api.MapGroup("/uploads/{id:guid}").WithTags("Uploads").RequireScope(TokenScopes.Read);
        one.MapGet("/", Get).ProducesProblems(404);
        one.MapMethods("/", [HttpMethods.Head], Head).ProducesProblems(404);
        one.MapPut("/", PutChunk).RequireAuthorization(ScopePolicies.SubmitOrManage).DisableAntiforgery().Accepts<Stream>("application/octet-stream").ProducesProblems(400, 404, 409, 413);
        one.MapPost("/complete", Complete).RequireAuthorization(ScopePolicies.SubmitOrManage).ProducesProblems(400, 403, 404, 409, 413, 415, 422, 429, 503);
        one.MapDelete("/", Cancel).RequireAuthorization(ScopePolicies.SubmitOrManage).ProducesProblems(400, 404);
        return api;
    }

    /// <summary>What the team has left and which rule applies to failed and cancelled submissions (ADR 0043); the Failed*
    /// figures are the separate failed-submission quota's, null under the other policies.</summary>
    public sealed record QuotaView(int? DailyLimit, int? LeftToday, int? TotalLimit, int? LeftTotal, string Summary,
        string Policy = "Count", string Rule = "", int? FailedDailyLimit = null, int? FailedLeftToday = null, int? FailedTotalLimit = null,
        int? FailedLeftTotal = null)
    {
        public static QuotaView? From(QuotaLeft? q) => q is null ? null : new(q.DailyLimit, q.LeftToday, q.TotalLimit, q.LeftTotal, q.Summary,
            q.Policy.ToString(), q.Rule, q.FailedDailyLimit, q.FailedLeftToday, q.FailedTotalLimit, q.FailedLeftTotal);
    }

    /// <summary>
    /// An upload as its owner sees it: send chunks of at most <paramref name="ChunkBytes"/> from <paramref name="Offset"/>;
    /// <paramref name="ResultId"/> is the submission (or asset) once complete; <paramref name="Quota"/> comes with the start.
    /// </summary>
    public sealed record UploadView(Guid Id, UploadTarget Target, Guid PhaseId, string FileName, long SizeBytes, long Offset, long ChunkBytes,
        DateTimeOffset ExpiresAt, bool Complete, Guid? ResultId, QuotaView? Quota)
    {
        public static UploadView From(UploadService.Status s) => new(s.Manifest.Id, s.Manifest.Target, s.Manifest.PhaseId, s.Manifest.FileName,
            s.Manifest.SizeBytes, s.Offset, s.Manifest.ChunkBytes, s.Manifest.ExpiresAt, s.ResultId is not null, s.ResultId, QuotaView.From(s.Quota));
    }

    public sealed record SubmissionUploadInput(string FileName, long SizeBytes, string? Sha256, string? ContentType, string? Description, bool Baseline = false,
        bool Debug = false);

    /// <param name="Debug">The debug split (ADR 0044): a hidden kind's file that debug runs, and only they, are scored on.</param>
    public sealed record AssetUploadInput(string FileName, long SizeBytes, string Kind, string? Name, bool Public = false, string? Sha256 = null, string? ContentType = null,
        bool Debug = false);

    /// <summary>Starts an upload of a submission: refused here, before any byte, when the caller, the size, the file kind or the quota do not allow it.</summary>
    public static async Task<Created<UploadView>> StartSubmission(Guid phaseId, SubmissionUploadInput body, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var started = await uploads.StartSubmissionAsync(user.Actor(), phaseId,
            new UploadService.SubmissionStart(body.FileName, body.SizeBytes, body.Sha256, body.ContentType, body.Description, body.Baseline, body.Debug), ct);
        return TypedResults.Created($"/api/v1/uploads/{started.Manifest.Id}", UploadView.From(started));
    }

    /// <summary>Starts an upload of an organizer's asset (hidden ones are validated by the track's scorer on completion).</summary>
    public static async Task<Created<UploadView>> StartAsset(Guid phaseId, AssetUploadInput body, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var started = await uploads.StartAssetAsync(user.Actor(), phaseId,
            new UploadService.AssetStart(body.FileName, body.SizeBytes, body.Sha256, body.ContentType, body.Kind, body.Name, body.Public,
                body.Debug), ct);
        return TypedResults.Created($"/api/v1/uploads/{started.Manifest.Id}", UploadView.From(started));
    }

    public static async Task<Ok<UploadView>> Get(Guid id, ClaimsPrincipal user, UploadService uploads, CancellationToken ct) =>
        TypedResults.Ok(UploadView.From(await uploads.StatusAsync(user.Actor(), id, ct)));

    /// <summary>The offset in the Upload-Offset header and the declared size in Upload-Length, without a body.</summary>
    public static async Task<Ok> Head(Guid id, HttpResponse response, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var status = await uploads.StatusAsync(user.Actor(), id, ct);
        SetOffset(response, status);
        return TypedResults.Ok();
    }

    /// <summary>
    /// One chunk as the raw body, with <c>Content-Range: bytes FIRST-LAST/TOTAL</c>; FIRST must be the current offset (else
    /// 409 with the offset). Answers the new offset. A chunk cut off mid-body stores nothing: ask the offset and resend.
    /// </summary>
    public static async Task<Ok<UploadView>> PutChunk(Guid id, HttpRequest request, HttpResponse response, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        var (from, to, total) = ParseContentRange(request.Headers.ContentRange.ToString());
        if (request.ContentLength is { } length && length != to - from + 1)
        {
            throw new InvalidInputException($"Content-Length is {length:N0} but Content-Range 'bytes {from}-{to}/{total}' announces {to - from + 1:N0} bytes.");
        }
        // A chunk is at most UploadService.ChunkBytes; the check of the range refuses more before Kestrel's own cap could.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = UploadService.ChunkBytes + 1024;
        }
        var status = await uploads.AppendAsync(user.Actor(), id, from, to, total, request.Body, ct);
        SetOffset(response, status);
        return TypedResults.Ok(UploadView.From(status));
    }

    /// <summary>Assembles the file and submits it through the multipart endpoint's path; answers as that endpoint does (202 and the submission, or 201 and the asset). Safe to repeat.</summary>
    public static async Task<Results<Accepted<SubmissionView>, Created<AssetView>>> Complete(Guid id, ClaimsPrincipal user, UploadService uploads,
        SubmissionQueries queries, Platform.Assets.AssetService assets, CancellationToken ct)
    {
        var (manifest, resultId) = await uploads.CompleteAsync(user.Actor(), id, ct);
        if (manifest.Target == UploadTarget.Submission)
        {
            return TypedResults.Accepted($"/api/v1/submissions/{resultId}", await queries.GetAsync(user.Actor(), resultId, ct));
        }
        var asset = (await assets.ListAsync(user.Actor(), manifest.PhaseId, ct)).SingleOrDefault(a => a.Id == resultId)
            ?? throw new NotFoundException($"The asset {resultId} this upload made no longer exists (it was replaced by a later upload of the same kind and name).");
        return TypedResults.Created($"/api/v1/phases/{manifest.PhaseId}/assets/{asset.Id}", AssetView.From(asset));
    }

    public static async Task<NoContent> Cancel(Guid id, ClaimsPrincipal user, UploadService uploads, CancellationToken ct)
    {
        await uploads.CancelAsync(user.Actor(), id, ct);
        return TypedResults.NoContent();
    }

    private static void SetOffset(HttpResponse response, UploadService.Status status)
    {
        response.Headers[ProblemMapper.UploadOffsetHeader] = status.Offset.ToString(CultureInfo.InvariantCulture);
        response.Headers["Upload-Length"] = status.Manifest.SizeBytes.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
    }

    private static (long From, long To, long Total) ParseContentRange(string header)
    {
        // bytes FIRST-LAST/TOTAL (RFC 9110 14.4), the only form a chunk can take here.
        var value = header.Trim();
        if (value.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            var slash = value.IndexOf('/');
            var dash = value.IndexOf('-');
            if (dash > 6 && slash > dash
                && long.TryParse(value.AsSpan(6, dash - 6), NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                && long.TryParse(value.AsSpan(dash + 1, slash - dash - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var to)
                && long.TryParse(value.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var total))
            {
                return (from, to, total);
            }
        }
        throw new InvalidInputException($"A chunk needs the header 'Content-Range: bytes FIRST-LAST/TOTAL' (e.g. 'bytes 0-8388607/20000000'); got '{header}'.");
    }
}
