using NasArena.Platform.Configuration;

namespace NasArena.Platform.Competitions;

/// <summary>
/// Bound from the "Competitions" configuration section: who may create competitions (issue 23, ADR 0031). Organizer
/// settings reach the shared workers (sandbox limits, hidden data, GPU nodes), so creating is the platform's decision:
/// <c>Granted</c> (the default) lets admins and the users an admin made "organizer" create; <c>Anyone</c> lets every
/// signed-in user (a self-service platform). Either way a competition starts as a draft and is published only through
/// the pre-publish check.
/// </summary>
public sealed class CompetitionOptions : IOptionsSection
{
    public static string Section => "Competitions";

    public const string Anyone = nameof(Anyone);
    public const string Granted = nameof(Granted);

    public string Creation { get; set; } = Granted;

    public bool AnyoneMayCreate => string.Equals(Creation, Anyone, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<string> Problems()
    {
        if (Check.OneOf($"{Section}:{nameof(Creation)}", Creation, Anyone, Granted) is { } problem)
        {
            yield return problem;
        }
    }
}
