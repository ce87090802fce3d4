using System.Text;
using System.Text.RegularExpressions;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// The engine that needs no network: keywords from the brief, title templates per tone, the creator's own recurring
/// phrases, then the voice's casing, punctuation and emoji habits applied and every line scored. Samples reach it only
/// as the fingerprint's counted words and phrases (never as text to follow), and a sample that reads like an
/// instruction is not learned from at all. Avoided words are removed from every line. Deterministic for a brief.
/// </summary>
public sealed partial class BuiltInCopyEngine : ICopyEngine
{
    public const string EngineName = "Built-in engine (no AI provider, works offline)";

    public string Name => EngineName;

    private static readonly Dictionary<Tone, string[]> TitleTemplates = new()
    {
        [Tone.Competitive] = ["{topic}: no mercy", "Can I win {topic}?", "The {topic} grind", "{topic} — winning every round", "I tried to master {topic}"],
        [Tone.Casual] = ["{topic} with chat", "Just vibing: {topic}", "A chill {topic} session", "Let's try {topic}", "{topic}, but cozy"],
        [Tone.Educational] = ["How to {topic}", "{topic} explained", "5 things I learned from {topic}", "{topic}: a beginner's guide", "Why {k1} matters"],
        [Tone.Comedic] = ["{topic} went horribly wrong", "I should not have tried {topic}", "{topic} but everything is cursed", "Chat made me do {topic}"],
        [Tone.Professional] = ["{topic}: the full breakdown", "{topic} review", "Inside {topic}", "{topic}, step by step"],
    };

    private static readonly string[] SharedTemplates = ["{topic} | {phrase}", "{phrase}: {topic}", "First time {topic}", "{k1} and {k2}", "{topic} (day 1)"];

    public Task<CopySuggestions> SuggestAsync(string brief, BrandVoice voice, CancellationToken cancellationToken = default) =>
        Task.FromResult(Suggest(brief, voice));

    /// <summary>Nothing to stream: the finished suggestions in one step.</summary>
    public async IAsyncEnumerable<CopyDraft> StreamAsync(string brief, BrandVoice voice,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var result = Suggest(brief, voice);
        await Task.CompletedTask;
        yield return new CopyDraft("", result);
    }

    public CopySuggestions Suggest(string brief, BrandVoice voice)
    {
        var text = CopyBrief.Check(brief);
        var m = voice.Metrics;
        var keywords = Keywords(text, voice.AvoidWords);
        var topic = keywords.Count == 0 ? "today's stream" : string.Join(' ', keywords.Take(3));
        var phrases = m.TopPhrases.Select(p => p.Term).Where(p => !Avoided(p, voice.AvoidWords)).ToList();
        var values = new Dictionary<string, string>
        {
            ["topic"] = topic,
            ["k1"] = keywords.ElementAtOrDefault(0) ?? topic,
            ["k2"] = keywords.ElementAtOrDefault(1) ?? "chat",
        };

        var templates = TitleTemplates[voice.Tone].Concat(TitleTemplates.Where(t => t.Key != voice.Tone).SelectMany(t => t.Value.Take(1))).Concat(SharedTemplates);
        var candidates = new List<ScoredText>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var phraseIndex = 0;
        foreach (var template in templates)
        {
            if (template.Contains("{phrase}"))
            {
                if (phrases.Count == 0)
                {
                    continue;
                }

                values["phrase"] = phrases[phraseIndex++ % phrases.Count];
            }

            var line = Clean(Fill(template, values), voice.AvoidWords);
            line = Fit(InVoice(line, m, candidates.Count), PlatformLimits.YouTubeTitle);
            if (line.Length > 0 && seen.Add(line))
            {
                candidates.Add(new ScoredText(line, VoiceScorer.Score(line, voice), PlatformLimits.YouTubeTitle, PlatformLimits.YouTubeFeedCut));
            }
        }

        var titles = candidates.OrderByDescending(c => c.Score.Overall).ThenBy(c => c.Text, StringComparer.Ordinal).Take(7)
            .Select(t => t with { Seo = SeoScorer.Score(t.Text, keywords, voice.Trending) }).ToList();

        var hookLine = Fit(InVoice(Clean(FirstSentence(text), voice.AvoidWords), m, 0), 150);
        var hook = new ScoredText(hookLine, VoiceScorer.Score(hookLine, voice), 150);
        var hashtags = keywords.Take(3).Select(k => "#" + Regex.Replace(VoiceText.TitleCased(k), @"[^\p{L}\p{N}]", "")).Where(h => h.Length > 1).ToList();
        var description = new StringBuilder()
            .AppendLine(hookLine).AppendLine()
            .AppendLine("Chapters").AppendLine("00:00 Intro").AppendLine("00:00 (add your timestamps)").AppendLine()
            .AppendLine("Links").AppendLine("▶ Live on Twitch: (your link)").AppendLine("▶ Socials: (your link)").AppendLine()
            .Append(string.Join(' ', hashtags))
            .ToString();

        var tags = Tags(keywords, text, m, voice.AvoidWords);
        var twitch = Fit(InVoice(Clean(phrases.Count > 0 ? $"{topic} | {phrases[0]}" : $"Live: {topic}", voice.AvoidWords), m, 1), PlatformLimits.TwitchTitle);
        var notify = Fit(InVoice(Clean($"Live now: {topic}, come hang out", voice.AvoidWords), m, 2), PlatformLimits.GoLiveNotification);
        return new CopySuggestions(EngineName, titles, new DescriptionSuggestion(hook, Fit(description, PlatformLimits.YouTubeDescription)), tags, hashtags,
            new ScoredText(twitch, VoiceScorer.Score(twitch, voice), PlatformLimits.TwitchTitle),
            new ScoredText(notify, VoiceScorer.Score(notify, voice), PlatformLimits.GoLiveNotification));
    }

    /// <summary>The brief's content words, most frequent first (ties: first seen), avoided words dropped.</summary>
    internal static IReadOnlyList<string> Keywords(string brief, IReadOnlyList<string> avoid)
    {
        var words = VoiceText.ContentWords(brief).Where(w => w.Length >= 3 && !w.All(char.IsDigit) && !Avoided(w, avoid)).ToList();
        return words.Select((w, i) => (w, i)).GroupBy(x => x.w)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.First().i)
            .Select(g => g.Key).Take(8).ToList();
    }

    private static IReadOnlyList<string> Tags(IReadOnlyList<string> keywords, string brief, VoiceMetrics m, IReadOnlyList<string> avoid)
    {
        var candidates = keywords
            .Concat(VoiceMetrics.Phrases(brief).Where(p => p.Split(' ').Length == 2).Distinct().Take(6))
            .Concat(m.TopWords.Where(w => w.Count >= 2).Take(6).Select(w => w.Term))
            .Distinct(StringComparer.OrdinalIgnoreCase);
        return CopyRules.FitTags(candidates, avoid);
    }

    /// <summary>The voice's habits on a plain line: casing, end punctuation, emoji. <paramref name="variant"/> varies the emoji.</summary>
    internal static string InVoice(string line, VoiceMetrics m, int variant)
    {
        if (m.SampleCount == 0)
        {
            return Capitalise(line);
        }

        var styled = m.AllCapsWordShare >= 0.5 ? line.ToUpperInvariant()
            : m.LowercaseShare >= 0.6 ? line.ToLowerInvariant()
            : m.TitleCaseShare >= 0.5 ? VoiceText.TitleCased(line)
            : Capitalise(line);
        if (m.AllCapsWordShare is >= 0.15 and < 0.5)
        {
            // A word or two in caps for punch: the longest word.
            var words = styled.Split(' ');
            var longest = words.Select((w, i) => (w, i)).MaxBy(x => x.w.Length).i;
            words[longest] = words[longest].ToUpperInvariant();
            styled = string.Join(' ', words);
        }

        var end = styled.TrimEnd();
        if (!end.EndsWith('?'))
        {
            if (m.ExclamationsPerSample >= 1.5)
            {
                end += "!!";
            }
            else if (m.ExclamationsPerSample >= 0.5)
            {
                end += "!";
            }
            else if (m.EllipsesPerSample >= 0.3 && variant % 2 == 0)
            {
                end += "…";
            }
        }

        if (m.EmojiPerSample >= 0.5 && m.TopEmoji.Count > 0)
        {
            var count = m.EmojiPerSample >= 1.5 ? 2 : 1;
            end += " " + string.Concat(Enumerable.Range(variant, count).Select(i => m.TopEmoji[i % m.TopEmoji.Count].Term));
        }

        return end;
    }

    private static string Fit(string text, int limit) => CopyRules.Fit(text, limit);

    private static string Fill(string template, Dictionary<string, string> values) =>
        Placeholder().Replace(template, match => values.GetValueOrDefault(match.Groups[1].Value, ""));

    private static string Clean(string line, IReadOnlyList<string> avoid) => CopyRules.Clean(line, avoid);

    private static bool Avoided(string text, IReadOnlyList<string> avoid) => CopyRules.Avoided(text, avoid);

    private static string FirstSentence(string brief)
    {
        var line = brief.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? brief;
        var end = line.IndexOfAny(['.', '!', '?']);
        return end > 10 ? line[..end] : line;
    }

    private static string Capitalise(string line) => line.Length == 0 ? line : char.ToUpperInvariant(line[0]) + line[1..];

    [GeneratedRegex(@"\{(\w+)\}")]
    private static partial Regex Placeholder();
}
