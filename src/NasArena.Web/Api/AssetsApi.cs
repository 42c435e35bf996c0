using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using NasArena.Platform.Assets;
using NasArena.Web.Auth;
using NasArena.Platform.Accounts;
using NasArena.Platform.Assets.Latency;

namespace NasArena.Web.Api;

/// <summary>Organizer files of a phase: hidden ones validated on upload and never downloadable by participants.</summary>
public static class AssetsApi
{
    public static RouteGroupBuilder MapAssetsApi(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/phases/{phaseId:guid}/assets").WithTags("Assets");
        group.MapPost("/", Upload).RequireScope(TokenScopes.Manage).DisableAntiforgery().ProducesProblems(400, 403, 404, 413, 415, 422);
        group.MapGet("/", List).ProducesProblems(404);
        group.MapGet("/{assetId:guid}/download", Download).ProducesProblems(404);
        // A HardwareMultiObjective track's latency table, measured by the platform on the chosen queue's hardware (ADR 0048).
        group.MapPost("/latency-calibrations", Calibrate).RequireScope(TokenScopes.Manage).ProducesProblems(400, 403, 404, 409);
        return api;
    }

    /// <summary>multipart/form-data: fields 'kind', optional 'name', 'public' and 'debug' (true|false; debug: the debug split, ADR 0044) before the part 'file'.</summary>
    public static async Task<Created<AssetView>> Upload(Guid phaseId, HttpRequest request, ClaimsPrincipal user, AssetService assets, CancellationToken ct)
    {
        var asset = await MultipartUpload.ReadAsync(request, AssetService.MaxAssetBytes, part => assets.UploadAsync(user.Actor(), phaseId,
            part.Fields.GetValueOrDefault("kind") ?? request.Query["kind"].ToString(),
            part.Fields.GetValueOrDefault("name") ?? request.Query["name"].ToString(),
            bool.TryParse(part.Fields.GetValueOrDefault("public") ?? request.Query["public"].ToString(), out var p) && p,
            bool.TryParse(part.Fields.GetValueOrDefault("debug") ?? request.Query["debug"].ToString(), out var d) && d,
            part.FileName, part.ContentType, part.Content, expectedSha256: null, ct), ct);
        return TypedResults.Created($"/api/v1/phases/{phaseId}/assets/{asset.Id}", AssetView.From(asset));
    }

    /// <summary>JSON {"queue": "cpu"|"gpu", "repeats": n}: enqueues the timing; the table arrives as the next version of 'latency-table'.</summary>
    public static async Task<Accepted<LatencyCalibrationAccepted>> Calibrate(Guid phaseId, LatencyCalibrationRequest? body, ClaimsPrincipal user,
        LatencyCalibrationService calibrations, CancellationToken ct) =>
        TypedResults.Accepted($"/api/v1/phases/{phaseId}/assets", await calibrations.RequestAsync(user.Actor(), phaseId, body ?? new(null, null), ct));

    public static async Task<Ok<List<AssetView>>> List(Guid phaseId, ClaimsPrincipal user, AssetService assets, CancellationToken ct) =>
        TypedResults.Ok((await assets.ListAsync(user.Actor(), phaseId, ct)).Select(AssetView.From).ToList());

    public static async Task<FileStreamHttpResult> Download(Guid phaseId, Guid assetId, ClaimsPrincipal user, AssetService assets, CancellationToken ct)
    {
        var (asset, content) = await assets.OpenAsync(user.Actor(), phaseId, assetId, ct);
        return TypedResults.File(content, asset.Artifact!.ContentType, asset.Artifact.FileName);
    }
}
