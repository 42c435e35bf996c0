using System.Text.RegularExpressions;
using NasArena.Platform.Tests.Infrastructure;

namespace NasArena.Platform.Tests.Jobs;

/// <summary>
/// Decisions on a submission's state are made in the state machine (issue 26 item 5), read from the sources: a new
/// branch or switch over <c>SubmissionStatus</c> elsewhere fails here, unless its file is in the allow-list below with
/// the reason it may look at a state. Status, ScoringRun and Attempts have private setters, so the compiler already
/// refuses an assignment; SQL writes go through ExecuteUpdate, which this test also confines.
/// </summary>
[Trait("Category", "Unit")]
public sealed partial class SubmissionStateRulesTests
{
    /// <summary>The state machine: the transitions, their conditional updates, and the entity's own IsFinal.</summary>
    private static readonly string[] StateMachine =
    [
        "NasArena.Platform/Jobs/SubmissionTransitions.cs", "NasArena.Platform/Jobs/SubmissionStates.cs",
        "NasArena.Platform/Jobs/SubmissionStates.Requests.cs", "NasArena.Platform/Jobs/Fairness/SubmissionStates.Fair.cs",
        "NasArena.Platform/Domain/Submission.cs",
    ];

    /// <summary>Files that read a state without changing it, each with why.</summary>
    private static readonly Dictionary<string, string> Readers = new()
    {
        ["NasArena.Web/Components/Shared/Submissions/SubmissionText.cs"] = "the one mapping of states to words and colors",
        ["NasArena.Web/Components/Shared/Submissions/SubmissionState.razor"] = "shows the reason of a failed or cancelled one",
        ["NasArena.Web/Components/Pages/Participant/SubmissionPage.razor"] = "shows metrics of a scored one only",
        ["NasArena.Web/Components/Pages/Participant/SubmissionPage.razor.cs"] = "polls for compute unless cancelled",
        ["NasArena.Web/Components/Shared/Submissions/SubmissionList.razor.cs"] = "offers cancel on queued or running ones",
        ["NasArena.Web/Components/Shared/Finals/FinalPicksPanel.razor.cs"] = "only scored ones can be picked",
        ["NasArena.Web/Demo/DemoServices.cs"] = "seeding: a baseline past its upload exists",
        ["NasArena.Platform/Jobs/ShardStates.cs"] = "a shard is claimed only while its submission runs",
        ["NasArena.Platform/Jobs/Watchdog.cs"] = "selects running and queued rows to rescue or end (through the transitions)",
        ["NasArena.Platform/Jobs/Leftovers.cs"] = "selects queued rows whose job was never enqueued",
        ["NasArena.Platform/Jobs/Fairness/FairShare.cs"] = "counts running and queued rows per team",
        ["NasArena.Platform/Submissions/SubmissionCommands.cs"] = "selects scored and failed rows for a phase rescore",
        ["NasArena.Platform/Submissions/SubmissionQueries.cs"] = "hides uploads still arriving",
        ["NasArena.Platform/Submissions/PhaseRescoreDiffs.cs"] = "compares scored runs",
        ["NasArena.Platform/Leaderboards/LeaderboardService.Ranking.cs"] = "ranks scored rows",
        ["NasArena.Platform/Leaderboards/LeaderboardProgress.cs"] = "charts scored rows",
        ["NasArena.Platform/Leaderboards/Finals/FinalPicks.cs"] = "only scored rows can be picked",
        ["NasArena.Platform/Notifications/SubmissionEndedMailJob.cs"] = "mails only about an ended run",
        ["NasArena.Platform/Organizing/AdminService.cs"] = "lists stuck running and queued rows",
        ["NasArena.Platform/Organizing/FailureKind.cs"] = "classifies failed and cancelled rows",
        ["NasArena.Platform/Organizing/CompetitionStatistics.cs"] = "counts rows per state",
        ["NasArena.Platform/Organizing/OrganizerSubmissions.cs"] = "the status filter",
        ["NasArena.Platform/Organizing/OrganizerParticipants.cs"] = "counts scored rows per team",
        ["NasArena.Platform/Competitions/CompetitionService.cs"] = "counts scored rows in the publish check",
    };

    private static IEnumerable<(string Path, string Text)> Sources()
    {
        var src = Path.Combine(TestServers.RepoRoot, "src");
        return Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Concat(Directory.EnumerateFiles(src, "*.razor", SearchOption.AllDirectories))
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !p.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(p => (Path.GetRelativePath(src, p).Replace('\\', '/'), File.ReadAllText(p)));
    }

    [Fact]
    public void OnlyTheStateMachineAndTheListedReadersLookAtASubmissionsState()
    {
        var offenders = Sources().Where(f => !StateMachine.Contains(f.Path) && !Readers.ContainsKey(f.Path) && Comparison().IsMatch(f.Text))
            .Select(f => $"{f.Path}: {Comparison().Match(f.Text).Value}").ToList();
        Assert.True(offenders.Count == 0,
            "a decision on SubmissionStatus outside the state machine (declare a transition, or add the file to Readers with why):\n" +
            string.Join("\n", offenders));
    }

    [Fact]
    public void TheAllowListNamesOnlyFilesThatStillReadAState()
    {
        var stale = Readers.Keys.Where(path => !Sources().Any(f => f.Path == path && Comparison().IsMatch(f.Text))).ToList();
        Assert.True(stale.Count == 0, "listed but no longer reading a state (remove from Readers): " + string.Join(", ", stale));
    }

    [Fact]
    public void OnlyTheDeclaredTransitionsWriteAStatusInSql()
    {
        var offenders = Sources().Where(f => f.Path != "NasArena.Platform/Jobs/SubmissionTransitions.cs" && StatusWrite().IsMatch(f.Text))
            .Select(f => f.Path).ToList();
        Assert.True(offenders.Count == 0, "SetProperty(s => s.Status, SubmissionStatus...) outside SubmissionTransitions: " + string.Join(", ", offenders));
    }

    // ==, !=, "is", a switch arm or a case label on SubmissionStatus.X; a declaration's array of states is not a decision.
    [GeneratedRegex(@"(==|!=|\bis\s+(not\s+)?\(?|\bcase\s+|\bor\s+|\band\s+)\s*SubmissionStatus\.[A-Z]\w*|SubmissionStatus\.[A-Z]\w*\s*=>")]
    private static partial Regex Comparison();

    [GeneratedRegex(@"SetProperty\(\s*\w+\s*=>\s*\w+\.Status\s*,\s*SubmissionStatus\.")]
    private static partial Regex StatusWrite();
}
