using System.Globalization;
using System.Text.RegularExpressions;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// How findable and clickable a title reads (seed 002 <c>seo_score</c>), 0–100, with the short notes that explain it.
/// <see cref="Trending"/> is the keyword source it was checked against: empty when the creator has no synced channel.
/// </summary>
public sealed record SeoScore(int Overall, IReadOnlyList<string> Notes, IReadOnlyList<string> Trending);

/// <summary>
/// Scores a YouTube title on what a search result and the feed reward: fitting before the feed's cut, the brief's main
/// keyword near the start (where the cut cannot hide it), no all-caps shouting or piled-up punctuation, a number or
/// brackets for specifics, and one of the creator's own trending words when there are any. A heuristic, said as one.
/// </summary>
public static partial class SeoScorer
{
    /// <summary>Where the main keyword still counts as "early": well inside the part the feed always shows.</summary>
    public const int EarlyKeyword = 40;

    public static SeoScore Score(string title, IReadOnlyList<string> keywords, IReadOnlyList<string> trending)
    {
        var text = title.Trim();
        var notes = new List<string>();
        var score = 100;

        if (text.Length > PlatformLimits.YouTubeTitle)
        {
            score -= 40;
            notes.Add($"Past YouTube's {PlatformLimits.YouTubeTitle} characters.");
        }
        else if (text.Length > PlatformLimits.YouTubeFeedCut)
        {
            score -= 15;
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"The feed cuts it after {PlatformLimits.YouTubeFeedCut} characters."));
        }
        else if (text.Length < 20)
        {
            score -= 15;
            notes.Add("Short: say a little more about the video.");
        }

        if (keywords.FirstOrDefault() is { } main)
        {
            var at = IndexOfWord(text, main);
            if (at < 0)
            {
                score -= 25;
                notes.Add($"Leaves out “{main}”, the brief's main keyword.");
            }
            else if (at > EarlyKeyword)
            {
                score -= 10;
                notes.Add($"Put “{main}” earlier.");
            }
            else
            {
                notes.Add($"“{main}” up front.");
            }
        }

        var words = Words().Matches(text).Select(m => m.Value).Where(w => w.Any(char.IsLetter)).ToList();
        var shouting = words.Count(w => w.Length > 1 && w.Where(char.IsLetter).All(char.IsUpper));
        if (words.Count >= 3 && shouting * 2 >= words.Count)
        {
            score -= 25;
            notes.Add("All caps reads as shouting.");
        }

        if (Piled().IsMatch(text))
        {
            score -= 10;
            notes.Add("Piled-up punctuation looks like clickbait.");
        }

        var emoji = text.EnumerateRunes().Count(r => r.Value >= 0x1F000);
        if (emoji > 2)
        {
            score -= 10;
            notes.Add("More than two emoji.");
        }

        if (text.Any(char.IsDigit) || text.IndexOfAny(['(', '[']) >= 0)
        {
            notes.Add("A number or brackets adds a specific.");
        }
        else
        {
            score -= 5;
            notes.Add("A number or (brackets) could add a specific.");
        }

        if (trending.Count > 0)
        {
            var used = trending.FirstOrDefault(t => IndexOfWord(text, t) >= 0);
            if (used is null)
            {
                score -= 5;
                notes.Add("None of your trending words.");
            }
            else
            {
                notes.Add($"Uses “{used}”, trending on your channel.");
            }
        }

        return new SeoScore(Math.Clamp(score, 0, 100), notes, trending);
    }

    /// <summary>Where <paramref name="word"/> starts as a whole word (any case), or -1.</summary>
    private static int IndexOfWord(string text, string word)
    {
        var match = Regex.Match(text, $@"(?<![\p{{L}}\p{{N}}]){Regex.Escape(word)}(?![\p{{L}}\p{{N}}])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant,
            TimeSpan.FromMilliseconds(100));
        return match.Success ? match.Index : -1;
    }

    [GeneratedRegex(@"[\p{L}\p{N}']+")]
    private static partial Regex Words();

    [GeneratedRegex(@"[!?]{2,}")]
    private static partial Regex Piled();
}
