using System.Globalization;

namespace StreamerStudio.Domain.Copy;

public sealed record TermCount(string Term, int Count);

/// <summary>How much the voice has to learn from: by the number of samples it learned from.</summary>
public enum TrainingStatus
{
    /// <summary>Fewer than 5 samples: scores are rough.</summary>
    None,
    Basic,
    Good,
    Strong,
}

/// <summary>
/// A brand's voice measured from its samples (seed 004 <c>voice_fingerprints</c>: vocabulary, sentence, tone and style
/// metrics), stored as jsonb. Computed by <see cref="VoiceMetrics.From"/>, a pure function of the samples.
/// </summary>
public sealed record VoiceMetrics
{
    public const int BasicFrom = 5;
    public const int GoodFrom = 20;
    public const int StrongFrom = 50;

    public static readonly VoiceMetrics Empty = new();

    /// <summary>Samples learned from (those that read like instructions are left out, see <see cref="LeftOut"/>).</summary>
    public int SampleCount { get; init; }
    public int LeftOut { get; init; }
    public double AverageWords { get; init; }
    public double MedianWords { get; init; }
    public double AverageChars { get; init; }
    public double MedianChars { get; init; }
    /// <summary>Share of words (2+ letters) written in ALL CAPS.</summary>
    public double AllCapsWordShare { get; init; }
    /// <summary>Share of samples in Title Case.</summary>
    public double TitleCaseShare { get; init; }
    /// <summary>Share of samples with no capital letter at all.</summary>
    public double LowercaseShare { get; init; }
    public double EmojiPerSample { get; init; }
    public double ExclamationsPerSample { get; init; }
    public double QuestionsPerSample { get; init; }
    public double EllipsesPerSample { get; init; }
    public double PipesPerSample { get; init; }
    public double ColonsPerSample { get; init; }
    /// <summary>Average loudness of a sample, 0–1 (see <see cref="TextFeatures.Energy"/>).</summary>
    public double Energy { get; init; }
    public double ReadingGrade { get; init; }
    public IReadOnlyList<TermCount> TopWords { get; init; } = [];
    /// <summary>2–3 word phrases found in at least two samples.</summary>
    public IReadOnlyList<TermCount> TopPhrases { get; init; } = [];
    public IReadOnlyList<TermCount> TopEmoji { get; init; } = [];

    /// <summary>The learned samples' mean embedding when an embedding model is configured and answered (see <see cref="VoiceEmbeddings"/>).</summary>
    public VoiceEmbedding? Embedding { get; init; }
    public EmbeddingState EmbeddingState { get; init; }
    /// <summary>Why there is no embedding though a model is configured, in the creator's words; null otherwise.</summary>
    public string? EmbeddingNote { get; init; }

    public TrainingStatus Status => StatusFor(SampleCount);

    /// <summary>0–1: how far the sample count is towards a strong voice.</summary>
    public double TrainingQuality => Math.Round(Math.Min(1.0, SampleCount / (double)StrongFrom), 2);

    public static TrainingStatus StatusFor(int samples) => samples switch
    {
        < BasicFrom => TrainingStatus.None,
        < GoodFrom => TrainingStatus.Basic,
        < StrongFrom => TrainingStatus.Good,
        _ => TrainingStatus.Strong,
    };

    public static string Describe(TrainingStatus status) => status switch
    {
        TrainingStatus.None => $"Not trained: add at least {BasicFrom} samples",
        TrainingStatus.Basic => $"Basic: {GoodFrom}+ samples make it good",
        TrainingStatus.Good => $"Good: {StrongFrom}+ samples make it strong",
        _ => "Strong",
    };

    /// <summary>The samples a fingerprint learns from: non-blank, and not reading like an instruction.</summary>
    public static List<string> Learned(IEnumerable<string> samples) =>
        samples.Select(s => s.Trim()).Where(s => s.Length > 0 && !VoiceText.LooksLikeInstruction(s)).ToList();

    public static VoiceMetrics From(IEnumerable<string> samples)
    {
        var all = samples.Select(s => s.Trim()).Where(s => s.Length > 0).ToList();
        var learned = Learned(all);
        if (learned.Count == 0)
        {
            return new VoiceMetrics { LeftOut = all.Count };
        }

        var measured = learned.Select(VoiceText.Measure).ToList();
        var lettered = learned.SelectMany(VoiceText.Words).Where(w => w.Count(char.IsLetter) >= 2).ToList();
        var words = new Dictionary<string, int>();
        var phrases = new Dictionary<string, int>();
        foreach (var sample in learned)
        {
            foreach (var word in VoiceText.ContentWords(sample))
            {
                words[word] = words.GetValueOrDefault(word) + 1;
            }

            // Phrases are counted once per sample: "in at least two samples" is what makes a phrase a habit.
            foreach (var phrase in Phrases(sample).Distinct())
            {
                phrases[phrase] = phrases.GetValueOrDefault(phrase) + 1;
            }
        }

        return new VoiceMetrics
        {
            SampleCount = learned.Count,
            LeftOut = all.Count - learned.Count,
            AverageWords = Round(measured.Average(m => m.Words)),
            MedianWords = Median(measured.Select(m => (double)m.Words)),
            AverageChars = Round(measured.Average(m => m.Characters)),
            MedianChars = Median(measured.Select(m => (double)m.Characters)),
            AllCapsWordShare = lettered.Count == 0 ? 0 : Round((double)lettered.Count(w => w.Where(char.IsLetter).All(char.IsUpper)) / lettered.Count),
            TitleCaseShare = Round(measured.Average(m => m.TitleCase ? 1.0 : 0)),
            LowercaseShare = Round(measured.Average(m => m.Lowercase ? 1.0 : 0)),
            EmojiPerSample = Round(measured.Average(m => m.Emoji)),
            ExclamationsPerSample = Round(measured.Average(m => m.Exclamations)),
            QuestionsPerSample = Round(measured.Average(m => m.Questions)),
            EllipsesPerSample = Round(measured.Average(m => m.Ellipses)),
            PipesPerSample = Round(measured.Average(m => m.Pipes)),
            ColonsPerSample = Round(measured.Average(m => m.Colons)),
            Energy = Round(measured.Average(m => m.Energy)),
            ReadingGrade = VoiceText.ReadingGrade(learned),
            TopWords = Top(words, 1, 60),
            TopPhrases = Top(phrases, 2, 15),
            TopEmoji = Top(measured.SelectMany(m => m.EmojiUsed).GroupBy(e => e).ToDictionary(g => g.Key, g => g.Count()), 1, 8),
        };
    }

    /// <summary>2- and 3-word runs of content words inside one sample (stop-words break a run).</summary>
    public static IEnumerable<string> Phrases(string sample)
    {
        var run = new List<string>();
        foreach (var word in VoiceText.Words(sample).Select(w => w.ToLowerInvariant()).Append(""))
        {
            if (word.Length > 1 && !VoiceText.StopWords.Contains(word))
            {
                run.Add(word);
                continue;
            }

            for (var n = 2; n <= 3; n++)
            {
                for (var i = 0; i + n <= run.Count; i++)
                {
                    yield return string.Join(' ', run.Skip(i).Take(n));
                }
            }

            run.Clear();
        }
    }

    /// <summary>The one-paragraph summary the creator reads (and may rewrite).</summary>
    public string Summarize(string kitName, BrandKits.Tone tone, IReadOnlyList<string> toneKeywords)
    {
        if (SampleCount == 0)
        {
            return $"{kitName} has no voice samples yet. Paste a few past titles or descriptions and this summary will describe how you write.";
        }

        var c = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            string.Create(c, $"{kitName} writes titles of about {MedianWords:0} words ({MedianChars:0} characters)"),
        };
        parts.Add(AllCapsWordShare >= 0.4 ? "mostly in ALL CAPS"
            : AllCapsWordShare >= 0.12 ? "with a word or two in ALL CAPS for punch"
            : LowercaseShare >= 0.6 ? "all in lower case"
            : TitleCaseShare >= 0.5 ? "in Title Case"
            : "in sentence case");
        var sentence1 = string.Join(", ", parts) + ".";

        var habits = new List<string>();
        if (EmojiPerSample >= 0.5)
        {
            habits.Add(string.Create(c, $"about {EmojiPerSample:0.#} emoji a line{(TopEmoji.Count > 0 ? $" (favourites: {string.Join(' ', TopEmoji.Take(3).Select(t => t.Term))})" : "")}"));
        }
        else
        {
            habits.Add("hardly any emoji");
        }

        if (ExclamationsPerSample >= 0.4)
        {
            habits.Add("plenty of exclamation marks");
        }

        if (QuestionsPerSample >= 0.3)
        {
            habits.Add("questions");
        }

        if (EllipsesPerSample >= 0.3)
        {
            habits.Add("trailing ellipses…");
        }

        if (PipesPerSample >= 0.3)
        {
            habits.Add("a | to split the title");
        }

        if (ColonsPerSample >= 0.3)
        {
            habits.Add("a colon to set up the topic");
        }

        var sentence2 = "The voice uses " + string.Join(", ", habits) + ".";
        var mood = Energy >= 0.45 ? "high-energy and loud" : Energy >= 0.2 ? "upbeat" : "calm and low-key";
        var sentence3 = string.Create(c, $"It reads {mood}, at about grade {ReadingGrade:0} reading level, in a {tone.ToString().ToLowerInvariant()} tone")
                        + (toneKeywords.Count > 0 ? $" ({string.Join(", ", toneKeywords)})." : ".");
        var recurring = TopPhrases.Count > 0
            ? " Recurring phrases: " + string.Join(", ", TopPhrases.Take(4).Select(p => $"“{p.Term}”")) + "."
            : TopWords.Count > 0 ? " Favourite words: " + string.Join(", ", TopWords.Take(5).Select(w => w.Term)) + "." : "";
        return $"{sentence1} {sentence2} {sentence3}{recurring}";
    }

    private static IReadOnlyList<TermCount> Top(Dictionary<string, int> counts, int atLeast, int take) =>
        counts.Where(kv => kv.Value >= atLeast)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(take).Select(kv => new TermCount(kv.Key, kv.Value)).ToList();

    private static double Round(double value) => Math.Round(value, 3);

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
