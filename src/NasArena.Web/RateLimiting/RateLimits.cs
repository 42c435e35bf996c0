using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using NasArena.Platform.Configuration;
using NasArena.Platform.Errors;
using NasArena.Web.Auth;
using NasArena.Web.Hosting;

namespace NasArena.Web.RateLimiting;

/// <summary>
/// ASP.NET Core rate limiting on the actions a guesser or a spammer repeats (ADR 0027). The global limiter counts per
/// client address (the connection's, or a configured proxy's X-Forwarded-For: ForwardedHeadersSetup), for endpoints that
/// carry a <see cref="LimitedAs"/> mark and the browser's sign-in and register forms; each marked endpoint's policy
/// counts per account. Failed sign-ins per target e-mail are counted by <see cref="SignInThrottle"/>, which needs the body.
/// A refusal is a 429 with Retry-After and a ProblemDetails saying what was limited and when to retry.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddNasArenaRateLimits(this IServiceCollection services)
    {
        services.AddOptionsSection<RateLimitOptions>();
        services.AddSingleton<SignInThrottle>();
        services.AddRateLimiter(_ => { });
        services.AddSingleton<IConfigureOptions<RateLimiterOptions>, Setup>();
        return services;
    }

    /// <summary>Marks an endpoint as one limited action: per address (global limiter) and per account (its policy).</summary>
    public static TBuilder LimitedAs<TBuilder>(this TBuilder builder, Limited kind) where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(new LimitedAs(kind));
        return kind == Limited.SignIn || kind == Limited.Registration ? builder : builder.RequireRateLimiting(kind.ToString());
    }

    /// <summary>"15 minutes", "1 hour": how a window reads in a refusal.</summary>
    public static string Describe(TimeSpan window) =>
        window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? Plural((int)window.TotalHours, "hour")
        : window.TotalMinutes >= 1 && window.TotalMinutes % 1 == 0 ? Plural((int)window.TotalMinutes, "minute")
        : Plural((int)Math.Ceiling(window.TotalSeconds), "second");

    private static string Plural(int n, string unit) => n == 1 ? $"1 {unit}" : $"{n} {unit}s";

    public static string What(Limited kind) => kind switch
    {
        Limited.SignIn => "sign-in attempts",
        Limited.Registration => "registrations",
        Limited.Tokens => "new API tokens",
        _ => "new submissions and uploads",
    };

    public static int Seconds(TimeSpan? retryAfter, TimeSpan window) =>
        Math.Max(1, (int)Math.Ceiling((retryAfter ?? window).TotalSeconds));

    /// <summary>The limited action of a request, or null: a marked endpoint, or a POST of the sign-in or register page's form.</summary>
    public static Limited? KindOf(HttpContext ctx)
    {
        if (ctx.GetEndpoint()?.Metadata.GetMetadata<LimitedAs>() is { } mark)
        {
            return mark.Kind;
        }
        if (!HttpMethods.IsPost(ctx.Request.Method))
        {
            return null;
        }
        return ctx.Request.Path.Equals(AuthSetup.SignInPath, StringComparison.OrdinalIgnoreCase) ? Limited.SignIn
            : ctx.Request.Path.Equals("/account/register", StringComparison.OrdinalIgnoreCase) ? Limited.Registration
            : null;
    }

    private static string Address(HttpContext ctx) => ctx.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    private static Task RefuseAsync(OnRejectedContext rejected, Limited kind, int permits, TimeSpan window, string whose)
    {
        rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
        var seconds = Seconds(retryAfter, window);
        var refusal = new RateLimitedException(
            $"Too many {What(kind)} {whose}: at most {permits} per {Describe(window)}. Try again in {seconds} seconds.", seconds);
        var ctx = rejected.HttpContext;
        if (ctx.Request.Path.StartsWithSegments(AuthSetup.ApiPrefix))
        {
            return ProblemMapper.WriteAsync(ctx, refusal);
        }
        // A browser's form post (sign-in, register page): a short page saying the same, not a JSON body.
        ctx.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ctx.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        ctx.Response.ContentType = "text/html; charset=utf-8";
        return ctx.Response.WriteAsync("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts · NasArena</title></head>" +
            "<body style=\"font-family:sans-serif;max-width:40rem;margin:3rem auto\"><h1>Too many attempts</h1>" +
            $"<p class=\"nasarena-rate-limited\">{System.Net.WebUtility.HtmlEncode(refusal.Message)}</p><p><a href=\"/\">All competitions</a></p></body></html>");
    }

    private sealed class Setup(RateLimitOptions limits) : IConfigureOptions<RateLimiterOptions>
    {
        public void Configure(RateLimiterOptions options)
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx => KindOf(ctx) is { } kind
                ? RateLimitPartition.GetFixedWindowLimiter($"{kind}|{Address(ctx)}", _ => Window(limits.For(kind).PerIp, limits.For(kind).Window))
                : RateLimitPartition.GetNoLimiter(""));
            // The global limiter's refusals: the endpoint policies answer their own (AccountPolicy.OnRejected).
            options.OnRejected = (rejected, _) => new ValueTask(KindOf(rejected.HttpContext) is { } kind
                ? RefuseAsync(rejected, kind, limits.For(kind).PerIp, limits.For(kind).Window, "from your network address")
                : ProblemMapper.WriteAsync(rejected.HttpContext, new RateLimitedException("Too many requests.", 60)));
            foreach (var kind in new[] { Limited.Tokens, Limited.Submissions })
            {
                options.AddPolicy(kind.ToString(), new AccountPolicy(kind, limits.For(kind)));
            }
        }
    }

    /// <summary>Per account: the caller's user id (these endpoints are authorized before the limiter runs).</summary>
    private sealed class AccountPolicy(Limited kind, RateLimit limit) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected =>
            (rejected, _) => new ValueTask(RefuseAsync(rejected, kind, limit.PerAccount, limit.Window, "for your account"));

        public RateLimitPartition<string> GetPartition(HttpContext ctx) => RateLimitPartition.GetFixedWindowLimiter(
            $"{kind}|{ctx.User.Actor()?.UserId.ToString() ?? "ip:" + Address(ctx)}", _ => Window(limit.PerAccount, limit.Window));
    }
}

/// <summary>The endpoint is one of the rate-limited actions.</summary>
public sealed record LimitedAs(Limited Kind);

/// <summary>
/// Failed sign-ins per target e-mail address (a guesser spreading over many client addresses still meets this): while an
/// address has used its failures for the window, every sign-in to it is refused, the right password too, so a guesser
/// cannot tell a right guess. Only failures count, so a user signing in often is never locked out by their own successes.
/// </summary>
public sealed class SignInThrottle(RateLimitOptions limits) : IDisposable
{
    private readonly PartitionedRateLimiter<string> _failures = PartitionedRateLimiter.Create<string, string>(email =>
        RateLimitPartition.GetFixedWindowLimiter(email, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.SignIn.PerAccount,
            Window = limits.SignIn.Window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static string Key(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>Before checking the password: refuses when this address has no failures left in the window.</summary>
    public void EnsureAllowed(string? email)
    {
        using var lease = _failures.AttemptAcquire(Key(email), 0);
        if (!lease.IsAcquired)
        {
            lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter);
            var seconds = RateLimits.Seconds(retryAfter, limits.SignIn.Window);
            throw new RateLimitedException($"Too many {RateLimits.What(Limited.SignIn)} for this e-mail address: at most " +
                $"{limits.SignIn.PerAccount} failed per {RateLimits.Describe(limits.SignIn.Window)}. Try again in " +
                $"{seconds.ToString(CultureInfo.InvariantCulture)} seconds.", seconds);
        }
    }

    /// <summary>After a wrong password (or an unknown address): one failure used.</summary>
    public void Failed(string? email) => _failures.AttemptAcquire(Key(email)).Dispose();

    public void Dispose() => _failures.Dispose();
}
