using System.Runtime.CompilerServices;
using System.Globalization;
using System.Text;

namespace NasArena.Prediction;

/// <summary>
/// A strict (RFC 8259) forward-only JSON scanner over UTF-8 that has already been checked to be valid UTF-8.
/// It exists for speed: a CVPR 2021 file spends about 100 tokens per architecture on the "arch" value that
/// the scorer ignores, and skipping it byte by byte is several times faster than tokenizing it with
/// Utf8JsonReader. Its accept/reject decisions are tested against Utf8JsonReader on mutated documents.
/// </summary>
ref struct JsonCursor(ReadOnlySpan<byte> json)
{
    /// <summary>As System.Text.Json's default.</summary>
    public const int MaxDepth = 64;

    readonly ReadOnlySpan<byte> _json = json;
    int _pos;

    public readonly int Position => _pos;

    public void Advance() => _pos++;
    public readonly bool AtEnd => _pos >= _json.Length;

    /// <summary>The next significant byte (after whitespace), or -1 at the end.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public int Peek()
    {
        SkipWhitespace();
        return _pos < _json.Length ? _json[_pos] : -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Expect(byte c, string context)
    {
        if (Peek() != c) throw Error($"expected '{(char)c}' {context}, found {Found()}");
        _pos++;
    }

    /// <summary>Reads a string token; returns its raw content (between the quotes) and whether it holds escapes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> ReadRawString(out bool escaped)
    {
        if (Peek() != '"') throw Error($"expected a string, found {Found()}");
        int start = ++_pos;
        escaped = false;
        while (true)
        {
            int i = _json[_pos..].IndexOfAny((byte)'"', (byte)'\\');
            if (i < 0) { _pos = _json.Length; throw Error("the string is not closed"); }
            var chunk = _json.Slice(_pos, i);
            int control = chunk.IndexOfAnyInRange((byte)0, (byte)0x1F);
            if (control >= 0) { _pos += control; throw Error("a control character (such as a line break) inside a string must be escaped"); }
            _pos += i;
            if (_json[_pos] == '"') { _pos++; return _json[start..(_pos - 1)]; }
            escaped = true;
            SkipEscape();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public string ReadString()
    {
        var raw = ReadRawString(out bool escaped);
        return Decode(raw, escaped);
    }

    /// <summary>The text of a raw string token's content.</summary>
    public static string Decode(ReadOnlySpan<byte> raw, bool escaped) => escaped ? Unescape(raw) : Encoding.UTF8.GetString(raw);

    /// <summary>Reads a number token; returns its text. Non-finite results (1e999) are the caller's to judge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReadOnlySpan<byte> ReadNumberToken(out double value)
    {
        var token = ScanNumber();
        value = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
        return token;
    }

    /// <summary>Validates and passes a number token without converting it (skipped values need no double).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    ReadOnlySpan<byte> ScanNumber()
    {
        SkipWhitespace();
        int start = _pos;
        if (AtEnd || !((uint)(_json[_pos] - '0') <= 9 || _json[_pos] == '-')) throw Error($"invalid value, found {Found()}");
        if (!TryScanNumber(_json, ref _pos)) { _pos = start; throw NumberError(); }
        return _json[start.._pos];
    }

    /// <summary>
    /// Skips any JSON value, validating it. One loop over the bytes with an explicit stack (bit i set: level i is
    /// an object) instead of a call per value: skipping "arch" values is most of the work on CVPR files.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SkipValue(int depth)
    {
        var json = _json;
        int pos = _pos, level = 0;
        ulong objects = 0; // bit per open level: 1 = object, 0 = array
        byte b;

    Value:
        while (pos < json.Length && IsWhitespace(json[pos])) pos++;
        if (pos >= json.Length) { _pos = pos; throw Error("expected a value, found the end of the file"); }
        b = json[pos];
        if ((uint)(b - '0') <= 9 || b == '-')
        {
            int numberStart = pos;
            if (!TryScanNumber(json, ref pos)) { _pos = numberStart; throw NumberError(); }
            goto AfterValue;
        }
        switch (b)
        {
            case (byte)'{':
            case (byte)'[':
                if (depth + level >= MaxDepth) { _pos = pos; throw Error($"the JSON is nested deeper than {MaxDepth} levels"); }
                objects = b == '{' ? objects | (1UL << level) : objects & ~(1UL << level);
                level++;
                pos++;
                while (pos < json.Length && IsWhitespace(json[pos])) pos++;
                if (pos < json.Length && json[pos] == (b == '{' ? '}' : ']')) { pos++; level--; goto AfterValue; }
                if (b == '{') goto Key;
                goto Value;
            case (byte)'"':
                _pos = pos;
                ReadRawString(out _);
                pos = _pos;
                goto AfterValue;
            case (byte)'t': _pos = pos; ExpectLiteral("true"u8); pos = _pos; goto AfterValue;
            case (byte)'f': _pos = pos; ExpectLiteral("false"u8); pos = _pos; goto AfterValue;
            case (byte)'n': _pos = pos; ExpectLiteral("null"u8); pos = _pos; goto AfterValue;
            default:
                _pos = pos;
                throw Error($"invalid value, found {Found()}");
        }

    Key:
        _pos = pos;
        ReadRawString(out _);
        Expect((byte)':', "after a key");
        pos = _pos;
        goto Value;

    AfterValue:
        if (level == 0) { _pos = pos; return; }
        while (pos < json.Length && IsWhitespace(json[pos])) pos++;
        bool inObject = (objects & (1UL << (level - 1))) != 0;
        if (pos < json.Length)
        {
            b = json[pos];
            if (b == ',') { pos++; if (inObject) goto Key; goto Value; }
            if (b == (inObject ? '}' : ']')) { pos++; level--; goto AfterValue; }
        }
        _pos = pos;
        throw Error(inObject ? $"expected ',' or '}}' in an object, found {Found()}" : $"expected ',' or ']' in an array, found {Found()}");
    }

    static bool IsWhitespace(byte b) => b == ' ' || b == '\n' || b == '\r' || b == '\t';

    /// <summary>Passes a number per the JSON grammar; on failure pos is where it went wrong.</summary>
    static bool TryScanNumber(ReadOnlySpan<byte> json, ref int pos)
    {
        if (json[pos] == '-') pos++;
        if (pos < json.Length && json[pos] == '0') pos++;
        else if (pos < json.Length && (uint)(json[pos] - '0') <= 9) { while (pos < json.Length && (uint)(json[pos] - '0') <= 9) pos++; }
        else return false;
        if (pos < json.Length && json[pos] == '.')
        {
            pos++;
            if (pos >= json.Length || (uint)(json[pos] - '0') > 9) return false;
            while (pos < json.Length && (uint)(json[pos] - '0') <= 9) pos++;
        }
        if (pos < json.Length && (json[pos] | 0x20) == 'e')
        {
            pos++;
            if (pos < json.Length && (json[pos] == '+' || json[pos] == '-')) pos++;
            if (pos >= json.Length || (uint)(json[pos] - '0') > 9) return false;
            while (pos < json.Length && (uint)(json[pos] - '0') <= 9) pos++;
        }
        return true;
    }

    JsonShapeException NumberError() => Error($"invalid number, found {Found()}");

    public void ExpectLiteral(ReadOnlySpan<byte> literal)
    {
        SkipWhitespace();
        if (!_json[_pos..].StartsWith(literal)) throw Error($"invalid value, found {Found()}");
        _pos += literal.Length;
        if (_pos < _json.Length && IsLetterOrDigit(_json[_pos])) throw Error($"invalid value, found {Found()}");
    }

    public readonly JsonShapeException Error(string reason) => Error(reason, _pos);

    public readonly JsonShapeException Error(string reason, int position)
    {
        var before = _json[..Math.Min(position, _json.Length)];
        int line = before.Count((byte)'\n') + 1;
        int column = position - (before.LastIndexOf((byte)'\n') + 1) + 1;
        return new JsonShapeException(reason, line, column, position);
    }

    /// <summary>The next few bytes, for messages.</summary>
    public string Found()
    {
        SkipWhitespace();
        if (_pos >= _json.Length) return "the end of the file";
        var rest = _json[_pos..];
        int end = rest.IndexOfAny(" \t\r\n,:"u8);
        var token = rest[..(end is < 0 or > 20 ? Math.Min(20, rest.Length) : Math.Max(end, 1))];
        return $"'{Encoding.UTF8.GetString(token)}'";
    }

    public readonly ReadOnlySpan<byte> Rest => _json[Math.Min(_pos, _json.Length)..];

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void SkipWhitespace()
    {
        while (_pos < _json.Length)
        {
            byte b = _json[_pos];
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') return;
            _pos++;
        }
    }

    static bool IsLetterOrDigit(byte b) => (uint)((b | 0x20) - 'a') <= 'z' - 'a' || (uint)(b - '0') <= 9;

    void SkipEscape()
    {
        _pos++; // the backslash
        if (_pos >= _json.Length) throw Error("the string is not closed");
        switch (_json[_pos])
        {
            case (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t':
                _pos++;
                return;
            case (byte)'u':
                _pos++;
                for (int k = 0; k < 4; k++, _pos++)
                    if (_pos >= _json.Length || !Uri.IsHexDigit((char)_json[_pos])) throw Error("\\u must be followed by four hex digits");
                return;
            default:
                throw Error($"invalid escape '\\{(char)_json[_pos]}' in a string");
        }
    }

    static string Unescape(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        var chars = Encoding.UTF8.GetString(raw);
        for (int i = 0; i < chars.Length; i++)
        {
            char c = chars[i];
            if (c != '\\') { text.Append(c); continue; }
            char e = chars[++i];
            switch (e)
            {
                case 'b': text.Append('\b'); break;
                case 'f': text.Append('\f'); break;
                case 'n': text.Append('\n'); break;
                case 'r': text.Append('\r'); break;
                case 't': text.Append('\t'); break;
                case 'u': text.Append((char)int.Parse(chars.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture)); i += 4; break;
                default: text.Append(e); break;
            }
        }
        return text.ToString();
    }
}
