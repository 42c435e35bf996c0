using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using NasArena.Platform.Tracks;
using NasArena.Scoring.Contract;
using NasArena.Scoring.Contract.Kinds;

namespace NasArena.Web.Components.Pages.Organizer.Editor;

/// <summary>The settings form of a track kind, generated from its <see cref="SettingsSchema"/>: no kind is named here.</summary>
public partial class TrackSettingsForm
{
    [Parameter, EditorRequired] public TrackKind Kind { get; set; }
    [Parameter, EditorRequired] public JsonObject Settings { get; set; } = default!;
    [Inject] private SandboxCeilings Ceilings { get; set; } = default!;

    private TrackKindDescriptor Descriptor => TrackCatalog.Get(Kind);

    private string? Text(string key) => Settings[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private bool Flag(SettingField field) => Settings[field.Key] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : field.Default is true;

    /// <summary>A number parsed from the stored JSON reads as a double; one this form wrote as a whole number is a long and
    /// reads only as one (JsonValue does not convert), which left the field blank after a whole number was typed.</summary>
    private double? Number(string key) => Settings[key] is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : null
        : null;

    /// <summary>The value in the field's display unit (GiB for byte sizes), rounded as the form shows it.</summary>
    private double? Shown(SettingField field) => Number(field.Key) is { } n ? field.DisplayScale == 1 ? n : Math.Round(n / field.DisplayScale, 3) : null;

    private double? FormMin(SettingField field) => field.Min / field.DisplayScale;

    /// <summary>The lower of the schema's maximum and the operator's ceiling (the service refuses anything above either).</summary>
    private double? FormMax(SettingField field)
    {
        var ceiling = field.Ceiling?.Invoke(Ceilings);
        var max = (field.Max, ceiling) switch
        {
            ({ } m, { } c) => Math.Min(m, c),
            (var m, var c) => m ?? c,
        };
        return max / field.DisplayScale;
    }

    /// <summary>"Platform ceiling: 12 GiB" beside a field the operator caps (ADR 0033), else the field's help.</summary>
    private string Helper(SettingField field)
    {
        if (field.Ceiling?.Invoke(Ceilings) is not { } ceiling) return field.Help;
        var shown = Math.Round(ceiling / field.DisplayScale, 3).ToString("g", CultureInfo.CurrentCulture);
        return $"Platform ceiling: {string.Format(CultureInfo.CurrentCulture, field.CeilingFormat, shown)}" + (field.CeilingNote is { } note ? $"; {note}" : "");
    }

    private void SetText(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) Settings.Remove(key);
        else Settings[key] = value.Trim();
    }

    private void SetFlag(string key, bool value) => Settings[key] = value;

    /// <summary>Whole numbers are written as integers: the scorers read counts and byte sizes as integers.</summary>
    private void SetShown(SettingField field, double? shown)
    {
        if (shown is null)
        {
            Settings.Remove(field.Key);
            return;
        }
        var value = field.DisplayScale == 1 ? shown.Value : Math.Round(shown.Value * field.DisplayScale);
        if (value == Math.Floor(value) && Math.Abs(value) < 9e15) Settings[field.Key] = (long)value;
        else Settings[field.Key] = value;
    }
}
