using System.Globalization;
using System.Text.Json;

namespace NasArena.Scoring.Contract.Kinds;

/// <summary>
/// A track kind's settings: the one reader of its keys. <see cref="Problems"/> names every value that is not what its
/// field expects (one wording: "Track setting 'key' is RAW; expected WHAT."); the typed getters give the value or the
/// field's default. Keys the schema does not name belong to the platform (phases, shardSize) and are left alone.
/// </summary>
public sealed class SettingsSchema(IReadOnlyList<SettingField> fields)
{
    public IReadOnlyList<SettingField> Fields { get; } = fields;

    public SettingField Field(string key) =>
        Fields.FirstOrDefault(f => f.Key == key) ?? throw new ArgumentOutOfRangeException(nameof(key), key, "No such setting.");

    /// <summary>What is wrong with the settings' own keys (not "phases"), each naming the key as <paramref name="prefix"/>key.</summary>
    public IEnumerable<string> Problems(JsonElement settings, string prefix = "")
    {
        if (settings.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null) yield break;
        if (settings.ValueKind != JsonValueKind.Object)
        {
            yield return $"Track settings must be a JSON object, got {settings.ValueKind}.";
            yield break;
        }
        foreach (var field in Fields)
            if (settings.TryGetProperty(field.Key, out var value) && Problem(field, value, prefix) is { } problem)
                yield return problem;
    }

    /// <summary>The problems of the top level and of every phase's overrides ("phases.final.key").</summary>
    public IEnumerable<string> ProblemsWithPhases(JsonElement settings)
    {
        foreach (var p in Problems(settings)) yield return p;
        if (settings.ValueKind == JsonValueKind.Object && settings.TryGetProperty(PhaseSettings.Key, out var phases) && phases.ValueKind == JsonValueKind.Object)
            foreach (var phase in phases.EnumerateObject())
                foreach (var p in Problems(phase.Value, $"{PhaseSettings.Key}.{phase.Name}."))
                    yield return p;
    }

    /// <summary>Throws the first problem (for a scorer: the settings it runs with must be whole).</summary>
    public void Check(JsonElement settings)
    {
        if (Problems(settings).FirstOrDefault() is { } problem) throw new ScoringConfigurationException(problem);
    }

    public long Integer(JsonElement settings, string key) =>
        Value(settings, key) is { } v ? v.GetInt64() : Convert.ToInt64(Field(key).Default, CultureInfo.InvariantCulture);

    public double Number(JsonElement settings, string key) =>
        Value(settings, key) is { } v ? v.GetDouble() : Convert.ToDouble(Field(key).Default, CultureInfo.InvariantCulture);

    /// <summary>The number, or null when the key is absent and the field has no default.</summary>
    public double? OptionalNumber(JsonElement settings, string key) =>
        Value(settings, key) is { } v ? v.GetDouble() : Field(key).Default is { } d ? Convert.ToDouble(d, CultureInfo.InvariantCulture) : null;

    public string Text(JsonElement settings, string key) =>
        Value(settings, key) is { } v ? v.GetString()! : (string?)Field(key).Default ?? "";

    public bool Flag(JsonElement settings, string key) =>
        Value(settings, key) is { } v ? v.GetBoolean() : Field(key).Default is true;

    /// <summary>The key's value when present and valid; throws when present and not valid (a scorer reads checked settings).</summary>
    private JsonElement? Value(JsonElement settings, string key)
    {
        var field = Field(key);
        if (settings.ValueKind != JsonValueKind.Object || !settings.TryGetProperty(key, out var value)) return null;
        if (Problem(field, value, "") is { } problem) throw new ScoringConfigurationException(problem);
        return value;
    }

    /// <summary>What is wrong with one value, or null.</summary>
    public static string? Problem(SettingField field, JsonElement value, string prefix = "")
    {
        string Bad(string expected) => $"Track setting '{prefix}{field.Key}' is {value.GetRawText()}; expected {expected}.";
        switch (field.Type)
        {
            case SettingType.Integer or SettingType.Bytes:
                return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) && InRange(field, n) ? null : Bad(Expected(field, "an integer"));
            case SettingType.Number:
                return value.ValueKind == JsonValueKind.Number && value.GetDouble() is var d && double.IsFinite(d) && InRange(field, d) ? null : Bad(Expected(field, "a number"));
            case SettingType.Text:
                return value.ValueKind == JsonValueKind.String ? null : Bad("a string");
            case SettingType.Choice:
                return value.ValueKind == JsonValueKind.String && field.Choices.Any(c => c.Value == value.GetString()) ? null
                    : Bad(Or(field.Choices.Select(c => $"\"{c.Value}\"").ToList()));
            case SettingType.Flag:
                return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : Bad("true or false");
            default:
                return value.ValueKind == JsonValueKind.Object ? null : Bad(field.Help);
        }
    }

    private static bool InRange(SettingField f, double v) =>
        (f.Min is not { } min || (f.MinExclusive ? v > min : v >= min)) && (f.Max is not { } max || (f.MaxExclusive ? v < max : v <= max));

    /// <summary>"an integer from 1 to 1048576", "a number of at least 0", "a number above 0 and at most 100".</summary>
    public static string Expected(SettingField f, string what)
    {
        var low = f.Min is { } min ? (f.MinExclusive ? "above " : "") + Text(min) : null;
        var high = f.Max is { } max ? (f.MaxExclusive ? "below " : "") + Text(max) : null;
        return (low, high, f.MinExclusive || f.MaxExclusive) switch
        {
            (null, null, _) => what,
            (not null, null, _) => f.MinExclusive ? $"{what} {low}" : $"{what} of at least {low}",
            (null, not null, _) => f.MaxExclusive ? $"{what} {high}" : $"{what} of at most {high}",
            (not null, not null, false) => $"{what} from {low} to {high}",
            _ => $"{what} {(f.MinExclusive ? low : "of at least " + low)} and {(f.MaxExclusive ? high : "at most " + high)}",
        };
    }

    public static string Text(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Or(IReadOnlyList<string> items) =>
        items.Count <= 1 ? string.Join("", items) : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[^1];
}
