using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Primitives;
using NasArena.Platform.Leaderboards;
using NasArena.Web.Hosting;

namespace NasArena.Web.Components;

/// <summary>
/// The server-rendered leaderboard page as an anonymous visitor gets it, kept for <see cref="NasArenaOptions.AnonymousPageFreshFor"/>
/// (a second) per replica (ADR 0025): a board read already costs no database trip (ADR 0020), but rendering the page's
/// components costs ~10 ms of CPU, so 100 viewers at once on 2 cores waited a second for theirs. A visitor who is signed in
/// (session cookie) or sends a token always gets a fresh render: their page differs (account menu, organizer links).
/// <para>
/// What a kept page shares between visitors, and why that is safe: the prerendered circuit descriptors (Blazor accepts a
/// descriptor in any circuit within its 5-minute protection lifetime; each circuit starts its own components) and the
/// antiforgery request token of the visitor it was rendered for. That token is valid only with that visitor's cookie
/// (the Set-Cookie is never replayed); an anonymous page posts no form (sign-in and register are static pages, which
/// issue their own token), so the token is never sent by anyone else. A change this process makes to a board (a score,
/// a rescore, a hide) drops every kept page at once (<see cref="BoardVersions.LocalGeneration"/>); another replica's
/// shows within the second, the same bound as the board API's.
/// </para>
/// </summary>
public sealed partial class AnonymousPageCache(TimeProvider clock, NasArenaOptions options)
{
    public const string Header = "X-NasArena-Page-Cache";
    private const string SessionCookie = "nasarena.session";
    private const int MaxPages = 2_000; // phases x boards x sort/page query strings; past it, the oldest are dropped

    [GeneratedRegex("^/phases/[0-9a-fA-F-]{36}/leaderboard/?$")]
    private static partial Regex CachedPath();

    private sealed record Page(int Status, byte[] Body, KeyValuePair<string, StringValues>[] Headers);

    private readonly ConcurrentDictionary<string, (Task<Page?> Page, long Generation, long At)> _pages = new();

    public static bool Applies(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && CachedPath().IsMatch(request.Path.Value ?? "")
        && !request.Headers.ContainsKey("Authorization") && !request.Cookies.ContainsKey(SessionCookie);

    public async Task InvokeAsync(HttpContext ctx, RequestDelegate next)
    {
        if (options.AnonymousPageFreshFor <= TimeSpan.Zero || !Applies(ctx.Request))
        {
            await next(ctx);
            return;
        }
        // The accept header is part of the key: Blazor's enhanced navigation asks for the same path with its own.
        var key = ctx.Request.Path + ctx.Request.QueryString + "|" + ctx.Request.Headers.Accept;
        var generation = BoardVersions.LocalGeneration;
        var now = clock.GetTimestamp();
        if (_pages.TryGetValue(key, out var kept) && kept.Generation == generation
            && (!kept.Page.IsCompleted || clock.GetElapsedTime(kept.At, now) < options.AnonymousPageFreshFor)
            && await kept.Page is { } page)
        {
            await ReplayAsync(ctx, page, "hit");
            return;
        }
        // This request renders; the ones that arrive meanwhile wait for its page instead of rendering their own.
        var rendering = new TaskCompletionSource<Page?>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (_pages.Count >= MaxPages) Trim();
        _pages[key] = (rendering.Task, generation, now);
        Page? rendered = null;
        try
        {
            rendered = await RenderAsync(ctx, next);
        }
        finally
        {
            rendering.TrySetResult(rendered);
            if (rendered is null) _pages.TryRemove(KeyValuePair.Create(key, (rendering.Task, generation, now)));
        }
    }

    /// <summary>Renders into a buffer, then sends it; the page is kept only when it is a complete 200 HTML answer.</summary>
    private static async Task<Page?> RenderAsync(HttpContext ctx, RequestDelegate next)
    {
        var original = ctx.Features.Get<IHttpResponseBodyFeature>()!;
        using var buffer = new MemoryStream();
        // No prior feature: a flush or start inside the render must not send the real answer's headers early.
        ctx.Features.Set<IHttpResponseBodyFeature>(new StreamResponseBodyFeature(buffer));
        try
        {
            await next(ctx);
        }
        finally
        {
            ctx.Features.Set(original);
        }
        var body = buffer.ToArray();
        ctx.Response.Headers[Header] = "miss";
        if (body.Length > 0) // an empty answer stays open to the status code pages upstream
        {
            ctx.Response.ContentLength = body.Length;
            await original.Stream.WriteAsync(body, ctx.RequestAborted);
        }
        var html = ctx.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true;
        if (ctx.Response.StatusCode != StatusCodes.Status200OK || !html) return null;
        // The visitor's own cookie (antiforgery) is theirs alone; the date and length are set per answer.
        var headers = ctx.Response.Headers.Where(h => !Skipped(h.Key)).ToArray();
        return new Page(ctx.Response.StatusCode, body, headers);
    }

    private static bool Skipped(string header) =>
        header.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase) || header.Equals("Date", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || header.Equals(Header, StringComparison.OrdinalIgnoreCase);

    private static async Task ReplayAsync(HttpContext ctx, Page page, string how)
    {
        ctx.Response.StatusCode = page.Status;
        foreach (var (name, value) in page.Headers) ctx.Response.Headers[name] = value;
        ctx.Response.Headers[Header] = how;
        ctx.Response.ContentLength = page.Body.Length;
        await ctx.Response.Body.WriteAsync(page.Body, ctx.RequestAborted);
    }

    private void Trim()
    {
        foreach (var (key, _) in _pages.OrderBy(p => p.Value.At).Take(MaxPages / 2).ToList()) _pages.TryRemove(key, out _);
    }
}
