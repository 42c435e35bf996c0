using System.Globalization;

namespace NasArena.Web.Components.Shared.Submissions;

/// <summary>
/// The words for a rescore's "why" and its deltas, shared by the phase's rescore page and a submission's own history, so
/// that both name a provenance part alike.
/// </summary>
public static class RescoreText
{
    /// <summary>A provenance part that differs between two scores (RescoreDiffs.ProvenanceChanged), in words.</summary>
    public static string Why(string part) => part switch
    {
        "trackSettings" => "track settings changed",
        "scorerVersion" => "scorer version changed",
        "submissionSha256" => "submission file changed",
        "assets" => "hidden asset changed",
        "worker" => "worker changed",
        _ => "no provenance before",
    };

    /// <summary>A delta with its sign, to the digits of <see cref="SubmissionText.Number"/>: "+0.7500", "-0.3750", "0.0000".</summary>
    public static string Signed(double? delta) => delta is { } d && double.IsFinite(d)
        ? (d > 0 ? "+" : "") + d.ToString("0.0000", CultureInfo.InvariantCulture)
        : "–";
}
