namespace NasArena.Platform.Configuration;

/// <summary>The sentences of <see cref="IOptionsSection.Problems"/>, worded alike for every section.</summary>
public static class Check
{
    public static string? OneOf(string key, string? value, params string[] allowed) =>
        allowed.Any(a => string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) ? null
            : $"`{key}` must be one of {string.Join(", ", allowed)}; got '{value}'.";

    public static string? Required(string key, string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? $"`{key}` is missing: it must be {what}." : null;

    public static string? Positive(string key, TimeSpan value) =>
        value > TimeSpan.Zero ? null : $"`{key}` must be a positive duration (e.g. 00:05:00); got '{value}'.";

    public static string? AtLeast(string key, int? value, int min) =>
        value is null || value >= min ? null : $"`{key}` must be at least {min}; got '{value}'.";

    public static string? Between(string key, int? value, int min, int max) =>
        value is null || (value >= min && value <= max) ? null : $"`{key}` must be between {min} and {max}; got '{value}'.";
}
