using System.Runtime.CompilerServices;
using System.Text;

namespace NasArena.Prediction;

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

/// <summary>A structural fault of the JSON (not an object, invalid syntax ...); Line is 0 when it has no location.</summary>
sealed class JsonShapeException(string reason, int line = 0, int column = 0, int offset = 0)
    : Exception(line == 0 ? reason : $"Invalid JSON at line {line}, byte {column}: {reason}.")
{
    public string Reason { get; } = reason;
    public int Line { get; } = line;
    public int Column { get; } = column;
    public int Offset { get; } = offset;
}

/// <summary>
/// Walks the CVPR 2021 JSON format <c>{"archN": {"arch": ..., "acc": ...}}</c> with <see cref="JsonCursor"/>:
/// it sees every duplicate key (JsonDocument silently keeps the last), never builds a DOM, and skips "arch"
/// and unknown fields without tokenizing them.
/// </summary>
static class ArchitectureJson
{
    const int EntryDepth = 2;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Walk(ReadOnlySpan<byte> json, Action<ArchitectureEntry> onEntry)
    {
        var cursor = new JsonCursor(json);
        string? currentId = null;
        try
        {
            if (cursor.Peek() != '{')
                throw new JsonShapeException($"The top level must be a JSON object mapping architecture ids to {{\"acc\": ...}} objects; found {DescribeAndSkip(ref cursor)}.");
            cursor.Advance();
            if (cursor.Peek() == '}') cursor.Advance();
            else
            {
                while (true)
                {
                    cursor.SkipWhitespace();
                    int offset = cursor.Position;
                    currentId = cursor.ReadString();
                    cursor.Expect((byte)':', "after an architecture id");
                    onEntry(ReadEntry(ref cursor, currentId, offset));
                    currentId = null;
                    if (cursor.Peek() == ',') { cursor.Advance(); continue; }
                    cursor.Expect((byte)'}', "or ',' after an entry");
                    break;
                }
            }
            if (cursor.Peek() != -1) throw cursor.Error($"unexpected content after the closing '}}': {cursor.Found()}");
        }
        catch (JsonShapeException e) when (e.Line > 0)
        {
            throw new JsonShapeException(SyntaxMessage(json, e, currentId));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static ArchitectureEntry ReadEntry(ref JsonCursor cursor, string id, long offset)
    {
        if (cursor.Peek() != '{')
            return new(id, offset, default, default, $"its value is {DescribeAndSkip(ref cursor)}, expected an object such as {{\"acc\": 0.93}}");
        cursor.Advance();
        Field acc = default, split = default;
        string? fault = null;
        if (cursor.Peek() == '}') { cursor.Advance(); return new(id, offset, acc, split, fault); }
        while (true)
        {
            var name = cursor.ReadRawString(out bool escaped);
            bool isAcc = escaped ? JsonCursor.Decode(name, true) == "acc" : name.SequenceEqual("acc"u8);
            bool isSplit = !isAcc && (escaped ? JsonCursor.Decode(name, true) == "split" : name.SequenceEqual("split"u8));
            cursor.Expect((byte)':', "after a key");
            if (isAcc || isSplit)
            {
                var value = ReadField(ref cursor);
                ref Field target = ref isAcc ? ref acc : ref split;
                if (target.Kind != FieldKind.Missing) fault ??= $"it has the field \"{(isAcc ? "acc" : "split")}\" twice";
                target = value;
            }
            else cursor.SkipValue(EntryDepth);
            if (cursor.Peek() == ',') { cursor.Advance(); continue; }
            cursor.Expect((byte)'}', "or ',' in an entry");
            return new(id, offset, acc, split, fault);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static Field ReadField(ref JsonCursor cursor)
    {
        int next = cursor.Peek();
        if (next == '"') return new(FieldKind.String, Text: cursor.ReadString());
        if (next == '-' || (uint)(next - '0') <= 9)
        {
            var token = cursor.ReadNumberToken(out double v);
            return double.IsFinite(v) ? new(FieldKind.Number, v) : new(FieldKind.NonFiniteNumber, Text: Encoding.UTF8.GetString(token));
        }
        return new(FieldKind.Other, Text: DescribeAndSkip(ref cursor));
    }

    /// <summary>Names the next value for a message ("an array", "the number 0.4" ...) and skips it.</summary>
    static string DescribeAndSkip(ref JsonCursor cursor)
    {
        switch (cursor.Peek())
        {
            case '"': return $"the string \"{cursor.ReadString()}\"";
            case '{': cursor.SkipValue(EntryDepth); return "an object";
            case '[': cursor.SkipValue(EntryDepth); return "an array";
            case 't': cursor.ExpectLiteral("true"u8); return "true";
            case 'f': cursor.ExpectLiteral("false"u8); return "false";
            case 'n': cursor.ExpectLiteral("null"u8); return "null";
            default: return $"the number {Encoding.UTF8.GetString(cursor.ReadNumberToken(out _))}";
        }
    }

    static string SyntaxMessage(ReadOnlySpan<byte> json, JsonShapeException e, string? id)
    {
        // Python's json.dump writes NaN and Infinity, which are not JSON: name the entry instead of a byte position.
        var at = json[Math.Min(e.Offset, json.Length)..];
        foreach (var literal in new[] { "NaN", "Infinity", "-Infinity" })
            if (at.StartsWith(Encoding.ASCII.GetBytes(literal)))
                return $"{literal} at line {e.Line}{(id is null ? "" : $" (architecture \"{id}\")")} is not allowed: JSON has no {literal} and every value must be a finite number.";
        return $"Invalid JSON at line {e.Line}, byte {e.Column}{(id is null ? "" : $" (in architecture \"{id}\")")}: {e.Reason}.";
    }
}
