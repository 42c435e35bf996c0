using NasArena.Platform.Configuration;

namespace NasArena.Web.RateLimiting;

/// <summary>One limited action: at most <see cref="PerIp"/> per client address and <see cref="PerAccount"/> per account
/// (for sign-in: failed attempts per target e-mail address) in each <see cref="Window"/>.</summary>
public sealed class RateLimit
{
    public int PerIp { get; set; }
    public int PerAccount { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>
/// Bound from the "RateLimits" section (ADR 0027): how often sign-in, registration, token creation and submission
/// creation may be tried. The figures are fixed windows held in each web replica's memory, so with N replicas behind a
/// load balancer a client gets up to N times each figure: set them for one replica's share.
/// </summary>
public sealed class RateLimitOptions : IOptionsSection
{
    public static string Section => "RateLimits";

    public RateLimit SignIn { get; set; } = new() { PerIp = 60, PerAccount = 10, Window = TimeSpan.FromMinutes(15) };
    public RateLimit Registration { get; set; } = new() { PerIp = 30, PerAccount = 0, Window = TimeSpan.FromHours(1) };
    public RateLimit Tokens { get; set; } = new() { PerIp = 60, PerAccount = 20, Window = TimeSpan.FromHours(1) };
    public RateLimit Submissions { get; set; } = new() { PerIp = 1000, PerAccount = 200, Window = TimeSpan.FromHours(1) };

    public RateLimit For(Limited kind) => kind switch
    {
        Limited.SignIn => SignIn,
        Limited.Registration => Registration,
        Limited.Tokens => Tokens,
        _ => Submissions,
    };

    public IEnumerable<string> Problems() => Enum.GetValues<Limited>().SelectMany(kind =>
    {
        var limit = For(kind);
        var key = $"{Section}:{kind}";
        return new[]
        {
            Check.AtLeast($"{key}:{nameof(RateLimit.PerIp)}", limit.PerIp, 1),
            // Registration has no account yet: its per-account figure is not used.
            kind == Limited.Registration ? null : Check.AtLeast($"{key}:{nameof(RateLimit.PerAccount)}", limit.PerAccount, 1),
            Check.Positive($"{key}:{nameof(RateLimit.Window)}", limit.Window),
        };
    }).OfType<string>();
}

/// <summary>The actions that are rate-limited.</summary>
public enum Limited
{
    SignIn,
    Registration,
    Tokens,
    Submissions,
}
