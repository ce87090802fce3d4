using System.Text.RegularExpressions;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// The rules every engine's output keeps to, whoever wrote the words: platform limits and avoided words. The built-in
/// engine and the provider engines both finish their lines here, so a rule has one owner.
/// </summary>
public static partial class CopyRules
{
    /// <summary>Cut at a word boundary to at most <paramref name="limit"/> characters.</summary>
    public static string Fit(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }

        var cut = text.LastIndexOf(' ', limit - 1);
        return (cut > limit / 2 ? text[..cut] : text[..(limit - 1)]).TrimEnd() + "…";
    }

    /// <summary>Every avoided word or phrase removed (whole words, any case), spaces tidied. For one line.</summary>
    public static string Clean(string line, IReadOnlyList<string> avoid)
    {
        foreach (var word in avoid.Where(w => !string.IsNullOrWhiteSpace(w)))
        {
            line = Regex.Replace(line, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word.Trim())}(?![\p{{L}}\p{{N}}])", "", RegexOptions.IgnoreCase);
        }

        return Spaces().Replace(line, " ").Replace(" :", ":").Replace(" ,", ",").Trim(' ', '|', ':', ',', '-', '—');
    }

    /// <summary><see cref="Clean"/> line by line, keeping the line breaks (descriptions).</summary>
    public static string CleanLines(string text, IReadOnlyList<string> avoid) =>
        string.Join('\n', text.Replace("\r\n", "\n").Split('\n').Select(l => Clean(l, avoid)));

    /// <summary>True when the text uses an avoided word or phrase (whole words, any case).</summary>
    public static bool Avoided(string text, IReadOnlyList<string> avoid) =>
        avoid.Any(w => !string.IsNullOrWhiteSpace(w) && VoiceScorer.ContainsWord(text.ToLowerInvariant(), w.Trim().ToLowerInvariant()));

    /// <summary>Tags in order, avoided and repeated ones dropped, as many as fit YouTube's total.</summary>
    public static IReadOnlyList<string> FitTags(IEnumerable<string> candidates, IReadOnlyList<string> avoid)
    {
        var tags = new List<string>();
        foreach (var tag in candidates.Select(t => t.Trim()).Where(t => t.Length > 0 && !Avoided(t, avoid)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (CopySuggestions.CountTags([.. tags, tag]) <= PlatformLimits.YouTubeTagsTotal)
            {
                tags.Add(tag);
            }
        }

        return tags;
    }

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
