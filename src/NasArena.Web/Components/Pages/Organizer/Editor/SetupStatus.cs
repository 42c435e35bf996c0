using MudBlazor;
using NasArena.Platform.Competitions;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>Whether one tab of the editor is complete and valid, read off the pre-publish check (one source of rules).</summary>
public static class SetupStatus
{
    public static string TabName(SetupPart part) => part switch
    {
        SetupPart.Details => "Details and rules",
        SetupPart.Tracks => "Tracks",
        SetupPart.Phases => "Phases",
        SetupPart.Assets => "Hidden assets",
        SetupPart.Organizers => "Organizers",
        _ => part.ToString(),
    };

    public static int Problems(IReadOnlyList<PublishItem> items, SetupPart part) => items.Count(i => i.Blocks && i.Part == part);

    public static bool IsComplete(IReadOnlyList<PublishItem> items, SetupPart part) => Problems(items, part) == 0;

    /// <summary>The tab's label with its state in words (a screen reader gets it too, not just an icon's colour).</summary>
    public static string Label(IReadOnlyList<PublishItem> items, SetupPart part) =>
        Problems(items, part) is var n && n == 0 ? $"{TabName(part)} (complete)" : $"{TabName(part)} ({n} to fix)";

    public static string Icon(IReadOnlyList<PublishItem> items, SetupPart part) =>
        IsComplete(items, part) ? Icons.Material.Filled.CheckCircle : Icons.Material.Filled.Error;
}
