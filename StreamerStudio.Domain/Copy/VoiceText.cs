using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace StreamerStudio.Domain.Copy;

/// <summary>What one line of copy looks like, measured: the features the fingerprint averages and the score compares.</summary>
public sealed record TextFeatures(
    int Words,
    int Characters,
    double AllCapsWordShare,
    bool TitleCase,
    bool Lowercase,
    int Emoji,
    int Exclamations,
    int Questions,
    int Ellipses,
    int Pipes,
    int Colons,
    double ReadingGrade,
    IReadOnlyList<string> ContentWords,
    IReadOnlyList<string> EmojiUsed)
{
    /// <summary>How loud a line is, 0–1: capitals, exclamation marks and emoji together.</summary>
    public double Energy => (0.4 * Math.Min(1, AllCapsWordShare * 2)) + (0.3 * Math.Min(1, Exclamations / 2.0)) + (0.3 * Math.Min(1, Emoji / 2.0));
}

/// <summary>Pure text measurements shared by the fingerprint, the score and the built-in engine.</summary>
public static partial class VoiceText
{
    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’]*")]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"[aeiouy]+")]
    private static partial Regex VowelGroups();

    [GeneratedRegex(@"[.!?…]+")]
    private static partial Regex SentenceEnds();

    [GeneratedRegex(@"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b|\b(system prompt|you are now|act as|output only|respond with|reply with)\b",
        RegexOptions.IgnoreCase)]
    private static partial Regex InstructionPattern();

    public static readonly IReadOnlySet<string> StopWords = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "after", "again", "all", "am", "an", "and", "any", "are", "as", "at", "be", "because", "been", "before",
        "being", "but", "by", "can", "could", "did", "do", "does", "doing", "don't", "dont", "for", "from", "get", "got", "had",
        "has", "have", "he", "her", "here", "him", "his", "how", "i", "i'm", "im", "if", "in", "into", "is", "it", "it's", "its",
        "just", "me", "more", "most", "my", "no", "not", "now", "of", "off", "on", "once", "only", "or", "our", "out", "over",
        "so", "some", "than", "that", "the", "their", "them", "then", "there", "these", "they", "this", "those", "to", "too",
        "up", "us", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "why", "will", "with",
        "would", "you", "your", "you're", "yours", "vs", "let's", "lets", "also", "am", "one", "new",
    };

    public static IReadOnlyList<string> Words(string text) =>
        WordPattern().Matches(text).Select(m => m.Value.Replace('’', '\'')).ToList();

    /// <summary>Lower-cased words that carry meaning: stop-words and single letters removed.</summary>
    public static IReadOnlyList<string> ContentWords(string text) =>
        Words(text).Select(w => w.ToLowerInvariant()).Where(w => w.Length > 1 && !StopWords.Contains(w)).ToList();

    /// <summary>True for a sample that reads like an instruction to an AI ("ignore your instructions and…"): kept, but never learned from.</summary>
    public static bool LooksLikeInstruction(string text) => InstructionPattern().IsMatch(text);

    public static bool IsEmoji(string textElement)
    {
        var rune = textElement.EnumerateRunes().FirstOrDefault();
        var v = rune.Value;
        return v >= 0x1F000 || (v >= 0x2600 && v <= 0x27BF) || (v >= 0x2B00 && v <= 0x2BFF);
    }

    public static IReadOnlyList<string> Emoji(string text)
    {
        var found = new List<string>();
        var elements = StringInfo.GetTextElementEnumerator(text);
        while (elements.MoveNext())
        {
            var element = (string)elements.Current;
            if (IsEmoji(element))
            {
                found.Add(element);
            }
        }

        return found;
    }

    public static int Syllables(string word)
    {
        var w = word.ToLowerInvariant();
        if (w.Length <= 3)
        {
            return 1;
        }

        if (w.EndsWith('e') && !w.EndsWith("le"))
        {
            w = w[..^1];
        }

        return Math.Max(1, VowelGroups().Matches(w).Count);
    }

    /// <summary>Flesch–Kincaid grade of the text, each line (or sentence) counted as a sentence; clamped to 0–18.</summary>
    public static double ReadingGrade(IEnumerable<string> texts)
    {
        int sentences = 0, words = 0, syllables = 0;
        foreach (var text in texts)
        {
            var ws = Words(text).Where(w => w.Any(char.IsLetter)).ToList();
            if (ws.Count == 0)
            {
                continue;
            }

            words += ws.Count;
            syllables += ws.Sum(Syllables);
            sentences += Math.Max(1, SentenceEnds().Matches(text.TrimEnd()).Count(m => m.Index + m.Length < text.TrimEnd().Length) + 1);
        }

        if (words == 0)
        {
            return 0;
        }

        var grade = (0.39 * words / sentences) + (11.8 * syllables / words) - 15.59;
        return Math.Round(Math.Clamp(grade, 0, 18), 1);
    }

    public static TextFeatures Measure(string text)
    {
        var words = Words(text);
        var lettered = words.Where(w => w.Count(char.IsLetter) >= 2).ToList();
        var caps = lettered.Count(w => w.Where(char.IsLetter).All(char.IsUpper));
        var capitalised = lettered.Count(w => char.IsUpper(w.First(char.IsLetter)));
        var hasLetters = text.Any(char.IsLetter);
        var emoji = Emoji(text);
        var ellipses = Count(text, "…") + Count(text, "...");
        return new TextFeatures(
            Words: words.Count,
            Characters: new StringInfo(text).LengthInTextElements,
            AllCapsWordShare: lettered.Count == 0 ? 0 : (double)caps / lettered.Count,
            TitleCase: lettered.Count > 0 && capitalised >= 0.8 * lettered.Count && caps < lettered.Count,
            Lowercase: hasLetters && !text.Any(char.IsUpper),
            Emoji: emoji.Count,
            Exclamations: text.Count(c => c == '!'),
            Questions: text.Count(c => c == '?'),
            Ellipses: ellipses,
            Pipes: text.Count(c => c == '|'),
            Colons: text.Count(c => c == ':'),
            ReadingGrade: ReadingGrade([text]),
            ContentWords: ContentWords(text),
            EmojiUsed: emoji);
    }

    private static int Count(string text, string what)
    {
        int count = 0, at = 0;
        while ((at = text.IndexOf(what, at, StringComparison.Ordinal)) >= 0)
        {
            count++;
            at += what.Length;
        }

        return count;
    }

    /// <summary>"elden ring boss" → "Elden Ring Boss".</summary>
    public static string TitleCased(string text)
    {
        var builder = new StringBuilder(text.Length);
        var startOfWord = true;
        foreach (var c in text)
        {
            builder.Append(startOfWord && char.IsLetter(c) ? char.ToUpperInvariant(c) : c);
            startOfWord = char.IsWhiteSpace(c) || c is '(' or '"' or '-' or '/';
        }

        return builder.ToString();
    }
}
