using System.Globalization;
using System.Text;
using NasArena.Platform.Errors;

namespace NasArena.Platform.Teams;

/// <summary>
/// Which team names a participant may choose (issue 23, ADR 0030). A team name is shown next to scores on the public
/// boards, so a name that could pass for the organizers' or the platform's ("Organizers", "NasArena staff", "baseline")
/// would lend a participant's entry an authority it does not have. Names are compared after folding what makes two
/// names look alike to a reader: case, accents, width (full-width letters), invisible characters, spacing and
/// punctuation, and digits or Cyrillic/Greek letters drawn like Latin ones.
/// </summary>
public static class TeamNames
{
    public const int MaxLength = 80;

    // Declared first: static fields are initialized in order, and the folded lists below use it.
    /// <summary>Accented Latin letters, by the letter they carry the accent on (precomposed forms; combining marks are skipped).</summary>
    private static readonly Dictionary<char, char> Accented = new[]
    {
        ("àáâãäåāăąǎ", 'a'), ("çćĉċč", 'c'), ("ďđ", 'd'), ("èéêëēĕėęě", 'e'), ("ĝğġģ", 'g'), ("ĥħ", 'h'), ("ìíîïĩīĭįǐ", 'i'),
        ("ĵ", 'j'), ("ķ", 'k'), ("ĺļľŀł", 'l'), ("ñńņňŉ", 'n'), ("òóôõöøōŏőǒ", 'o'), ("ŕŗř", 'r'), ("śŝşšș", 's'),
        ("ţťŧț", 't'), ("ùúûüũūŭůűųǔ", 'u'), ("ŵ", 'w'), ("ýÿŷ", 'y'), ("źżž", 'z'),
    }.SelectMany(g => g.Item1.Select(c => (c, g.Item2))).ToDictionary(p => p.c, p => p.Item2);

    /// <summary>Reserved anywhere in the folded name: long enough never to occur inside an ordinary word.</summary>
    private static readonly string[] ReservedStems =
        ["organizer", "organiser", "organisator", "organizator", "nasarena", "baseline", "administrator", "moderator"];

    /// <summary>Reserved as a whole word of the name (inside a word they are innocent: "badminton", "staffordshire").</summary>
    private static readonly string[] ReservedWords =
        ["admin", "admins", "staff", "platform", "official", "officials", "system", "root", "orga", "orgs", "host", "hosts", "jury"];

    private static readonly string[] FoldedStems = ReservedStems.Select(Fold).ToArray();
    private static readonly HashSet<string> FoldedWords = ReservedWords.Select(Fold).ToHashSet();

    /// <summary>The name participants see, trimmed, or a clear refusal naming the key and what was expected.</summary>
    public static string Check(string name)
    {
        var trimmed = name.Trim();
        if (trimmed.Length == 0)
        {
            throw new InvalidInputException("'teamName' must not be empty.");
        }
        if (trimmed.Length > MaxLength)
        {
            throw new InvalidInputException($"'teamName' must be at most {MaxLength} characters long (got {trimmed.Length}).");
        }
        if (IsReserved(trimmed))
        {
            throw new InvalidInputException($"'teamName' '{trimmed}' could pass for the organizers or the platform " +
                "(names like Organizers, NasArena, admin, staff or baseline are reserved): choose another name.");
        }
        if (trimmed.Any(c => char.IsControl(c) || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format))
        {
            throw new InvalidInputException("'teamName' must not contain control or invisible characters.");
        }
        return trimmed;
    }

    /// <summary>Whether a name could be read as the organizers' or the platform's.</summary>
    public static bool IsReserved(string name)
    {
        var words = Words(name);
        var collapsed = string.Concat(words);
        return FoldedStems.Any(collapsed.Contains) || words.Any(FoldedWords.Contains);
    }

    /// <summary>The folded words of a name: letters and digits only, look-alikes mapped to one Latin letter each.</summary>
    private static List<string> Words(string name)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        // Not string.Normalize: the platform runs with invariant globalization, where it leaves accents on their letters.
        foreach (var raw in name)
        {
            var c = raw is >= '\uFF01' and <= '\uFF5E' ? (char)(raw - 0xFEE0) : raw; // full-width forms to ASCII
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.Format)
            {
                continue; // accents and zero-width characters do not separate words: "Orga\u200Bnizers" is one word
            }
            var folded = FoldChar(char.ToLowerInvariant(c));
            if (folded is { } letter)
            {
                word.Append(letter);
            }
            else if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        if (word.Length > 0)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private static string Fold(string text) => string.Concat(Words(text));

    /// <summary>One Latin letter for each character a reader could take for it; null for separators.</summary>
    private static char? FoldChar(char c) => Accented.TryGetValue(c, out var plain) ? FoldChar(plain) : c switch
    {
        // Digits and symbols drawn like letters.
        '0' => 'o',
        '1' or '!' or '|' or 'l' => 'i',
        '3' => 'e',
        '4' or '@' => 'a',
        '5' or '$' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        // Cyrillic look-alikes.
        'а' => 'a',
        'в' => 'b',
        'е' or 'ё' => 'e',
        'з' => 'e',
        'і' or 'ї' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'н' => 'h',
        'о' => 'o',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'ԁ' => 'd',
        'ɡ' => 'g',
        // Greek look-alikes.
        'α' => 'a',
        'β' => 'b',
        'ε' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'ζ' => 'z',
        // Latin letters a reader confuses; 'z' and 's' make "organizer" and "organiser" one name.
        'z' => 's',
        'ı' => 'i',
        'ß' => 's',
        _ when char.IsLetterOrDigit(c) => c,
        _ => null,
    };
}
