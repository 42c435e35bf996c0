using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Attacks.Tests.Scores;

/// <summary>
/// Everything a client can GET about a competition, its phase and one submission, whatever each answers (a refusal's
/// problem text included): what a participant "can read" when a test looks for a secret in it.
/// </summary>
public static class ParticipantReads
{
    public static async Task<string> AllAsync(ApiClient client, string slug, Guid phaseId, Guid submissionId)
    {
        string[] paths =
        [
            "competitions", $"competitions/{slug}", $"competitions/{slug}/registration", $"competitions/{slug}/registrations",
            $"competitions/{slug}/publish-check", $"competitions/{slug}/submissions", $"competitions/{slug}/submissions.csv",
            $"competitions/{slug}/teams", $"competitions/{slug}/statistics",
            $"phases/{phaseId}", $"phases/{phaseId}/assets", $"phases/{phaseId}/leaderboard", $"phases/{phaseId}/leaderboard?board=private",
            $"phases/{phaseId}/leaderboard.csv", $"phases/{phaseId}/submissions", $"phases/{phaseId}/submissions/mine", $"phases/{phaseId}/rescores",
            $"phases/{phaseId}/finals", $"phases/{phaseId}/final-picks", $"phases/{phaseId}/final-standings",
            $"phases/{phaseId}/leaderboard/compare?a={submissionId}&b={submissionId}",
            $"submissions/{submissionId}", $"submissions/{submissionId}/rescores", $"submissions/{submissionId}/pairs",
        ];
        var all = new System.Text.StringBuilder();
        foreach (var path in paths)
        {
            using var response = await client.Http.GetAsync(path);
            all.Append(path).Append(" -> ").Append((int)response.StatusCode).Append('\n').Append(await response.Content.ReadAsStringAsync()).Append('\n');
        }
        return all.ToString();
    }
}
