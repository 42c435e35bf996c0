using System.Text;
using System.Text.Json;

namespace NasArena.Scoring.Predictor;

/// <summary>What one field of an entry held: its kind, the number if it was a finite one, and text for messages.</summary>
enum FieldKind { Missing, Number, NonFiniteNumber, String, Other }

readonly record struct Field(FieldKind Kind, double Number = 0, string? Text = null)
{
    /// <summary>Why the field is not a usable finite number, or null when it is one.</summary>
    public string? NumberFault => Kind switch
    {
        FieldKind.Number => null,
        FieldKind.Missing => "no \"acc\" field",
        FieldKind.NonFiniteNumber => $"{Text} is not a finite number",
        FieldKind.String => $"the string \"{Text}\" is not a number (write numbers without quotes)",
        _ => $"{Text} is not a number",
    };
}

/// <summary>One top-level entry <c>"id": {"acc": ..., "split": ..., "arch": ...}</c>; Offset is where the id starts.</summary>
readonly record struct ArchitectureEntry(string Id, long Offset, Field Acc, Field Split, string? Fault);

/// <summary>A structural fault of the JSON (not an object, invalid syntax ...), with its location in words.</summary>
sealed class JsonShapeException(string message) : Exception(message);

/// <summary>
/// Walks the CVPR 2021 JSON format <c>{"archN": {"arch": ..., "acc": ...}}</c> token by token with
/// <see cref="Utf8JsonReader"/>, which, unlike JsonDocument, lets us see every duplicate key and never builds
/// a DOM. "arch" and unknown fields are skipped unread.
/// </summary>
static class ArchitectureJson
{
    public static void Walk(ReadOnlySpan<byte> json, Action<ArchitectureEntry> onEntry)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
        string? currentId = null;
        try
        {
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
                throw new JsonShapeException($"The top level must be a JSON object mapping architecture ids to {{\"acc\": ...}} objects; found {Describe(ref reader)}.");
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                long offset = reader.TokenStartIndex;
                currentId = reader.GetString()!;
                reader.Read();
                onEntry(ReadEntry(ref reader, currentId, offset));
                currentId = null;
            }
            // The loop ends at the closing brace; anything after it is invalid JSON and Read() throws.
            while (reader.Read()) { }
        }
        catch (JsonException e)
        {
            throw new JsonShapeException(SyntaxMessage(json, reader.BytesConsumed, e, currentId));
        }
    }

    static ArchitectureEntry ReadEntry(ref Utf8JsonReader reader, string id, long offset)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var found = Describe(ref reader);
            reader.Skip();
            return new(id, offset, default, default, $"its value is {found}, expected an object such as {{\"acc\": 0.93}}");
        }
        Field acc = default, split = default;
        string? fault = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            bool isAcc = reader.ValueTextEquals("acc"u8), isSplit = !isAcc && reader.ValueTextEquals("split"u8);
            reader.Read();
            if (!isAcc && !isSplit) { reader.Skip(); continue; }
            var value = ReadField(ref reader);
            ref Field target = ref isAcc ? ref acc : ref split;
            if (target.Kind != FieldKind.Missing) fault ??= $"it has the field \"{(isAcc ? "acc" : "split")}\" twice";
            target = value;
        }
        return new(id, offset, acc, split, fault);
    }

    static Field ReadField(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                if (reader.TryGetDouble(out double v) && double.IsFinite(v)) return new(FieldKind.Number, v);
                return new(FieldKind.NonFiniteNumber, Text: Encoding.UTF8.GetString(reader.ValueSpan));
            case JsonTokenType.String:
                return new(FieldKind.String, Text: reader.GetString());
            default:
                var found = Describe(ref reader);
                reader.Skip();
                return new(FieldKind.Other, Text: found);
        }
    }

    static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => $"the string \"{reader.GetString()}\"",
        JsonTokenType.Number => $"the number {Encoding.UTF8.GetString(reader.ValueSpan)}",
        JsonTokenType.True => "true",
        JsonTokenType.False => "false",
        JsonTokenType.Null => "null",
        _ => reader.TokenType.ToString(),
    };

    static string SyntaxMessage(ReadOnlySpan<byte> json, long consumed, JsonException e, string? id)
    {
        // Python's json.dump writes NaN and Infinity, which are not JSON: name the entry instead of a byte position.
        var rest = json[(int)Math.Min(consumed, json.Length)..];
        rest = rest[Math.Max(0, rest.IndexOfAnyExcept(" \t\r\n:"u8))..];
        foreach (var literal in new[] { "NaN", "Infinity", "-Infinity" })
            if (rest.StartsWith(Encoding.ASCII.GetBytes(literal)))
                return $"{literal} at line {e.LineNumber + 1}{(id is null ? "" : $" (architecture \"{id}\")")} is not allowed: JSON has no {literal} and every value must be a finite number.";
        string where = $"line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}";
        string reason = e.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.', ' ');
        return $"Invalid JSON at {where}{(id is null ? "" : $" (in architecture \"{id}\")")}: {reason}.";
    }
}
