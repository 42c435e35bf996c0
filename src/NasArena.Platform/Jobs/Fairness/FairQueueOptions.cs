using NasArena.Platform.Configuration;

namespace NasArena.Platform.Jobs.Fairness;

/// <summary>Bound from the "FairQueues" configuration section (ADR 0046).</summary>
public sealed class FairQueueOptions : IOptionsSection
{
    public static string Section => "FairQueues";

    /// <summary>
    /// On by default. Off, a job scores the submission it was enqueued for, first come first served, with no cap per team:
    /// the switch exists for the fault-injection fairness experiment's comparison, not for production.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Runs one team may have running at once when its organizers set nothing.</summary>
    public int DefaultMaxRunningPerTeam { get; set; } = 2;

    /// <summary>The most an organizer may set: the operator's bound, so that one competition cannot take every worker.</summary>
    public int MaxRunningPerTeamCeiling { get; set; } = 8;

    /// <summary>The cap that applies to a competition: its organizers' setting, or the default, never above the ceiling.</summary>
    public int CapFor(int? organizerSetting) => Math.Clamp(organizerSetting ?? DefaultMaxRunningPerTeam, 1, MaxRunningPerTeamCeiling);

    public IEnumerable<string> Problems()
    {
        string Key(string name) => $"{Section}:{name}";
        return new[]
        {
            Check.AtLeast(Key(nameof(MaxRunningPerTeamCeiling)), MaxRunningPerTeamCeiling, 1),
            Check.Between(Key(nameof(DefaultMaxRunningPerTeam)), DefaultMaxRunningPerTeam, 1, Math.Max(1, MaxRunningPerTeamCeiling)),
        }.OfType<string>();
    }
}
