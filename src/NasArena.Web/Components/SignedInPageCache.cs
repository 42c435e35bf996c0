using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Claims;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using NasArena.Platform.Accounts;
using NasArena.Platform.Leaderboards;
using NasArena.Web.Auth;
using NasArena.Web.Components.Shared;
using NasArena.Web.Hosting;

namespace NasArena.Web.Components;

/// <summary>
/// The leaderboard page for a signed-in viewer without organizer or admin rights (ADR 0037): rendered once per board
/// version and query for all of them, as an anonymous visitor would see it, then two small per-viewer parts spliced in
/// per request (their account menu's name, and their own team marked with a link to its page of the board). Such a viewer
/// sees nothing more than an anonymous one in the first answer; the circuit that starts from it renders their own view.
/// <para>
/// What a kept page must not carry: anybody's antiforgery request token. The shared render runs without the viewer's
/// cookies (its token belongs to a cookie nobody gets) and the persisted component state, the one place the framework
/// writes that token, is cut out of the kept HTML; the menu's sign-out form fetches a fresh token when used (app.js).
/// </para>
/// </summary>
public sealed partial class SignedInPageCache(TimeProvider clock, NasArenaOptions options, SessionChanges changes)
{
    /// <summary>Set in HttpContext.Items while the shared page renders: the layout and the page leave their per-viewer parts as markers.</summary>
    public const string SharedRenderKey = "nasarena:shared-render";
    public const string NameMarker = "nasarena-viewer-name-f3c1a9";
    public const string MyTeamMarker = "<!--nasarena:my-team-->";
    private const int MaxPages = 2_000;

    [GeneratedRegex("^/phases/(?<phase>[0-9a-fA-F-]{36})/leaderboard/?$")]
    private static partial Regex CachedPath();

    [GeneratedRegex(@"<!--Blazor-Server-Component-State:[^>]*-->")]
    private static partial Regex PersistedState();

    /// <summary>The kept HTML, encoded once, around the two places each viewer's parts go.</summary>
    private sealed record Page(byte[] Before, byte[] Middle, byte[] After, string ContentType);

    private readonly ConcurrentDictionary<string, (Task<Page?> Page, long Generation, long At)> _pages = new();
    private readonly ConcurrentDictionary<(Guid User, Guid Phase), (Task<ViewerFacts> Facts, long Generation, long At)> _viewers = new();

    public static bool IsSharedRender(HttpContext? ctx) => ctx?.Items.ContainsKey(SharedRenderKey) == true;

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        var match = CachedPath().Match(ctx.Request.Path.Value ?? "");
        if (options.AnonymousPageFreshFor <= TimeSpan.Zero || !HttpMethods.IsGet(ctx.Request.Method) || !match.Success
            || ctx.User.Identity?.AuthenticationType != CookieAuthenticationDefaults.AuthenticationScheme || ctx.User.Actor() is not { IsAdmin: false } actor)
        {
            await next(ctx);
            return;
        }
        var phaseId = Guid.Parse(match.Groups["phase"].Value);
        var board = string.Equals(ctx.Request.Query["board"], "private", StringComparison.OrdinalIgnoreCase) ? Board.Private : Board.Public;
        var viewer = await ViewerAsync(ctx, actor, phaseId, board);
        if (viewer.OrganizesAny)
        {
            await next(ctx); // an organizer's page may show what an anonymous one does not (drafts, the private board): their own render
            return;
        }
        var page = await SharedAsync(ctx, next);
        if (page is null)
        {
            await next(ctx); // not a page to share (a 404, a redirect): rendered for this viewer as before
            return;
        }
        var name = Encoding.UTF8.GetBytes(HtmlEncoder.Default.Encode(ctx.User.Identity?.Name ?? ""));
        var team = Encoding.UTF8.GetBytes(MyTeam.Html(phaseId, board, viewer.Team));
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        ctx.Response.ContentType = page.ContentType;
        ctx.Response.Headers.CacheControl = "no-store, no-cache, max-age=0";
        ctx.Response.Headers[AnonymousPageCache.Header] = "shared";
        ctx.Response.ContentLength = page.Before.Length + name.Length + page.Middle.Length + team.Length + page.After.Length;
        var body = ctx.Response.BodyWriter;
        foreach (var part in new[] { page.Before, name, page.Middle, team, page.After })
        {
            body.Write(part);
        }
        await body.FlushAsync(ctx.RequestAborted);
    }

    /// <summary>The kept page for this path and query, rendered by this request when there is none fresh (the others wait for it).</summary>
    private async Task<Page?> SharedAsync(HttpContext ctx, RequestDelegate next)
    {
        var key = ctx.Request.Path + ctx.Request.QueryString + "|" + ctx.Request.Headers.Accept;
        var generation = BoardVersions.LocalGeneration;
        var now = clock.GetTimestamp();
        if (_pages.TryGetValue(key, out var kept) && kept.Generation == generation
            && (!kept.Page.IsCompleted || clock.GetElapsedTime(kept.At, now) < options.AnonymousPageFreshFor))
        {
            return await kept.Page;
        }
        var rendering = new TaskCompletionSource<Page?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_pages.Count >= MaxPages) _pages.Clear();
        _pages[key] = (rendering.Task, generation, now);
        Page? page = null;
        try
        {
            page = await RenderAsync(ctx, next);
        }
        finally
        {
            rendering.TrySetResult(page);
            if (page is null) _pages.TryRemove(KeyValuePair.Create(key, (rendering.Task, generation, now)));
        }
        return page;
    }

    /// <summary>
    /// Renders the page as an anonymous visitor's, into a buffer, on a copy of the request's state that is put back after:
    /// no user, no cookies (so no token of this viewer's is made), the shared-render flag for the layout's markers.
    /// </summary>
    private static async Task<Page?> RenderAsync(HttpContext ctx, RequestDelegate next)
    {
        var (user, cookies, bodyFeature) = (ctx.User, ctx.Request.Headers.Cookie, ctx.Features.Get<IHttpResponseBodyFeature>()!);
        using var buffer = new MemoryStream();
        ctx.User = new ClaimsPrincipal(new ClaimsIdentity());
        ctx.Request.Headers.Cookie = default;
        ctx.Items[SharedRenderKey] = true;
        ctx.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Features.Set(bodyFeature);
            ctx.User = user;
            ctx.Request.Headers.Cookie = cookies;
            ctx.Items.Remove(SharedRenderKey);
        }
        var status = ctx.Response.StatusCode;
        var contentType = ctx.Response.ContentType ?? "";
        // Whatever the render set is not this viewer's answer: the splice writes its own (and never the render's cookies).
        ctx.Response.Headers.Remove(HeaderNames.SetCookie);
        ctx.Response.StatusCode = StatusCodes.Status200OK;
        var html = PersistedState().Replace(Encoding.UTF8.GetString(buffer.ToArray()), "");
        var name = html.IndexOf(NameMarker, StringComparison.Ordinal);
        var team = html.IndexOf(MyTeamMarker, StringComparison.Ordinal);
        if (status != StatusCodes.Status200OK || !contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) || name < 0 || team < name)
        {
            ctx.Response.Clear();
            return null;
        }
        ctx.Response.Clear();
        return new Page(Encoding.UTF8.GetBytes(html[..name]), Encoding.UTF8.GetBytes(html[(name + NameMarker.Length)..team]),
            Encoding.UTF8.GetBytes(html[(team + MyTeamMarker.Length)..]), contentType);
    }

    /// <summary>Whether the viewer organizes anything, and their team on this board: kept as long as their session facts (ADR 0036).</summary>
    private async Task<ViewerFacts> ViewerAsync(HttpContext ctx, Actor actor, Guid phaseId, Board board)
    {
        var key = (actor.UserId, phaseId);
        var generation = changes.LocalGeneration + BoardVersions.LocalGeneration;
        var now = clock.GetTimestamp();
        // One read at a time per viewer and phase (the others wait for it); a failed one is read again by the next request.
        if (_viewers.TryGetValue(key, out var kept) && kept.Generation == generation && clock.GetElapsedTime(kept.At, now) < options.SessionFreshFor
            && !kept.Facts.IsFaulted && !kept.Facts.IsCanceled)
        {
            return await kept.Facts;
        }
        if (_viewers.Count >= 100_000) _viewers.Clear();
        var facts = ViewerFacts.ReadAsync(ctx.RequestServices, actor, phaseId, board, CancellationToken.None);
        _viewers[key] = (facts, generation, now);
        return await facts;
    }
}
