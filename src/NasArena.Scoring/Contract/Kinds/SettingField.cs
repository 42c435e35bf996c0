namespace NasArena.Scoring.Contract.Kinds;

/// <summary>How a setting is written in the track's settings JSON (and so which input the editor's form shows).</summary>
public enum SettingType
{
    /// <summary>A whole number (JSON integer).</summary>
    Integer,

    /// <summary>Any finite JSON number.</summary>
    Number,

    /// <summary>A byte count (JSON integer) that the form shows in <see cref="SettingField.DisplayUnit"/>.</summary>
    Bytes,

    /// <summary>A string, any value.</summary>
    Text,

    /// <summary>A string, one of <see cref="SettingField.Choices"/>.</summary>
    Choice,

    /// <summary>true or false.</summary>
    Flag,

    /// <summary>A JSON object the kind reads itself (its shape is in <see cref="SettingField.Help"/>).</summary>
    Object,
}

/// <summary>One value of a <see cref="SettingType.Choice"/> setting and its words in the form.</summary>
public sealed record SettingChoice(string Value, string Label);

/// <summary>
/// One key of a track kind's settings: its type, default, range and words. The kind's scorer reads it through
/// <see cref="SettingsSchema"/>, the platform validates it there when an organizer saves (API and editor alike) and the
/// editor's form is generated from it, so the three agree by construction.
/// </summary>
/// <param name="Key">The JSON key.</param>
/// <param name="Label">The form's label (null: the key is set through the API only, e.g. sandbox details).</param>
/// <param name="Help">What the setting does, for the form's helper text and the API's documentation.</param>
public sealed record SettingField(string Key, SettingType Type, string? Label, string Help)
{
    /// <summary>The value in effect when the key is absent: long, double, string or bool (null: none).</summary>
    public object? Default { get; init; }

    public double? Min { get; init; }

    public double? Max { get; init; }

    /// <summary>The value must be above <see cref="Min"/> (not equal to it).</summary>
    public bool MinExclusive { get; init; }

    /// <summary>The value must be below <see cref="Max"/> (not equal to it).</summary>
    public bool MaxExclusive { get; init; }

    public IReadOnlyList<SettingChoice> Choices { get; init; } = [];

    /// <summary>For <see cref="SettingType.Bytes"/>: the form's unit and how many bytes it is.</summary>
    public string? DisplayUnit { get; init; }

    public double DisplayScale { get; init; } = 1;

    /// <summary>The operator's ceiling on this key (ADR 0033), shown beside the field; null: none.</summary>
    public Func<SandboxCeilings, double>? Ceiling { get; init; }

    /// <summary>How the form words the ceiling ("{0} s"), formatted with the ceiling in the display unit.</summary>
    public string CeilingFormat { get; init; } = "{0}";

    /// <summary>Words after the ceiling in the helper text ("above 0").</summary>
    public string? CeilingNote { get; init; }

    /// <summary>The platform reads this key too (not the kind): a phase override may set it, the kind ignores it.</summary>
    public bool InForm => Label is not null;
}
