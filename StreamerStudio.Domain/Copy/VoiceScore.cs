using System.Globalization;

namespace StreamerStudio.Domain.Copy;

/// <summary>How much a text sounds like the brand, 0–100, with the sub-scores and what cost points (seed 004 <c>voice_scores</c>).</summary>
public sealed record VoiceScore(int Overall, int Tone, int Vocabulary, int Style, IReadOnlyList<string> Deviations)
{
    /// <summary>
    /// Embedding similarity, 0–100: how close the text's meaning and wording sit to the samples' mean embedding. Null
    /// unless an embedding model is configured and both the fingerprint and the text have an embedding.
    /// </summary>
    public int? Embedding { get; init; }

    /// <summary>One word for the number, so every page colours and names a score the same way.</summary>
    public string Verdict => Overall switch
    {
        >= 75 => "On voice",
        >= 50 => "Close",
        _ => "Off voice",
    };
}

/// <summary>
/// Scores text against a <see cref="BrandVoice"/>. Deterministic and pure: the same text and voice give the same score.
/// Style (length, casing, emoji, punctuation) weighs 40 %, vocabulary 35 %, tone 25 %.
/// </summary>
public static class VoiceScorer
{
    public static VoiceScore Score(string text, BrandVoice voice)
    {
        var t = VoiceText.Measure(text ?? "");
        var m = voice.Metrics;
        var deviations = new List<string>();
        var c = CultureInfo.InvariantCulture;

        // Avoided words cost everywhere: a banned word is never "close".
        var lower = (text ?? "").ToLowerInvariant();
        var avoided = voice.AvoidWords.Where(w => !string.IsNullOrWhiteSpace(w) && ContainsWord(lower, w.ToLowerInvariant())).ToList();

        double style = 100, vocabulary, tone = 100;
        if (m.SampleCount > 0)
        {
            // Length.
            var ratio = (t.Words + 0.5) / (m.AverageWords + 0.5);
            var stretch = Math.Abs(Math.Log(ratio));
            if (stretch > 0.4)
            {
                style -= Math.Min(25, (stretch - 0.4) * 40);
                deviations.Add(string.Create(c, $"{(ratio > 1 ? "Longer" : "Shorter")} than usual: {t.Words} words where yours average {m.AverageWords:0.#}."));
            }

            // Casing.
            var capsGap = t.AllCapsWordShare - m.AllCapsWordShare;
            if (Math.Abs(capsGap) > 0.2)
            {
                style -= Math.Min(25, Math.Abs(capsGap) * 40);
                deviations.Add(string.Create(c, $"ALL CAPS on {t.AllCapsWordShare:0%} of words; yours have {m.AllCapsWordShare:0%}."));
            }

            if (m.LowercaseShare >= 0.6 && !t.Lowercase && t.Words > 0)
            {
                style -= 15;
                deviations.Add("Has capital letters; you usually write all in lower case.");
            }
            else if (m.TitleCaseShare >= 0.6 && !t.TitleCase && t.AllCapsWordShare < 0.5)
            {
                style -= 10;
                deviations.Add("Not in Title Case, which most of your titles are.");
            }

            // Emoji.
            if (m.EmojiPerSample >= 0.5 && t.Emoji == 0)
            {
                style -= 15;
                deviations.Add(string.Create(c, $"No emoji; your lines average {m.EmojiPerSample:0.#}."));
            }
            else if (m.EmojiPerSample < 0.15 && t.Emoji > 0)
            {
                style -= 15;
                deviations.Add("Uses emoji, which you rarely do.");
            }

            // Punctuation habits.
            style -= Habit(m.ExclamationsPerSample, t.Exclamations, "exclamation marks", deviations);
            style -= Habit(m.QuestionsPerSample, t.Questions, "questions", deviations);
            style -= Habit(m.EllipsesPerSample, t.Ellipses, "ellipses (…)", deviations);
            style -= Habit(m.PipesPerSample, t.Pipes, "pipes (|)", deviations);
            style -= Habit(m.ColonsPerSample, t.Colons, "colons", deviations);

            // Vocabulary: the share of this text's words that are the creator's usual words, and their phrases.
            var usual = m.TopWords.Select(w => w.Term).ToHashSet(StringComparer.Ordinal);
            if (t.ContentWords.Count == 0)
            {
                vocabulary = 60;
            }
            else
            {
                var share = t.ContentWords.Count(usual.Contains) / (double)t.ContentWords.Count;
                vocabulary = 30 + (70 * Math.Min(1, share / 0.5));
                if (share < 0.2 && t.ContentWords.Count >= 3)
                {
                    deviations.Add("Few of your usual words" + (m.TopWords.Count > 0 ? $" (you often say: {string.Join(", ", m.TopWords.Take(4).Select(w => w.Term))})." : "."));
                }
            }

            if (m.TopPhrases.Any(p => ContainsWord(lower, p.Term)))
            {
                vocabulary += 10;
            }

            // Tone: loudness and reading level against the samples'.
            var energyGap = t.Energy - m.Energy;
            if (Math.Abs(energyGap) > 0.15)
            {
                tone -= Math.Min(50, (Math.Abs(energyGap) - 0.15) * 100);
                deviations.Add(energyGap > 0 ? "Louder and more hyped than your usual voice." : "Calmer and quieter than your usual voice.");
            }

            var gradeGap = Math.Abs(t.ReadingGrade - m.ReadingGrade);
            if (gradeGap > 3 && t.Words >= 4)
            {
                tone -= Math.Min(20, (gradeGap - 3) * 4);
                deviations.Add(string.Create(c, $"Reads at grade {t.ReadingGrade:0}; your samples read at about grade {m.ReadingGrade:0}."));
            }
        }
        else
        {
            vocabulary = 60;
            deviations.Add("No voice samples yet: add some past titles for a real score.");
        }

        var preferred = voice.PreferredWords.Count(w => !string.IsNullOrWhiteSpace(w) && ContainsWord(lower, w.ToLowerInvariant()));
        vocabulary += Math.Min(10, preferred * 5);
        if (voice.ToneKeywords.Any(w => !string.IsNullOrWhiteSpace(w) && ContainsWord(lower, w.ToLowerInvariant())))
        {
            tone += 5;
        }

        foreach (var word in avoided)
        {
            vocabulary -= 40;
            deviations.Add($"Uses “{word}”, a word your brand kit avoids.");
        }

        var s = Clamp(style);
        var v = Clamp(vocabulary);
        var o = Clamp(tone);
        var overall = Clamp((0.4 * s) + (0.35 * v) + (0.25 * o) - (avoided.Count * 15));
        return new VoiceScore(overall, o, v, s, deviations);
    }

    /// <summary>
    /// Adds the embedding similarity to a score: cosine to the samples' mean, scaled so 0.1 (unrelated text) is 0 and
    /// 0.8 (a near paraphrase) is 100. It weighs a fifth of the overall score; tone, vocabulary and style keep the rest
    /// in their usual proportions, so a configured model refines the score rather than replacing it.
    /// </summary>
    public static VoiceScore WithEmbedding(VoiceScore score, float cosine)
    {
        var similarity = Clamp((cosine - 0.1) / 0.7 * 100);
        var deviations = score.Deviations;
        if (similarity < 40)
        {
            deviations = [.. deviations, string.Create(CultureInfo.InvariantCulture,
                $"Reads unlike your samples in what it says and how (embedding similarity {similarity} of 100).")];
        }

        return score with { Overall = Clamp((0.8 * score.Overall) + (0.2 * similarity)), Embedding = similarity, Deviations = deviations };
    }

    private static double Habit(double perSample, int count, string what, List<string> deviations)
    {
        if (perSample >= 0.5 && count == 0)
        {
            deviations.Add($"No {what}; you use them often.");
            return 6;
        }

        if (perSample < 0.1 && count > 0)
        {
            deviations.Add($"Uses {what}, which you rarely do.");
            return 8;
        }

        return 0;
    }

    /// <summary>Whole-word (or whole-phrase) match in lower-cased text.</summary>
    internal static bool ContainsWord(string lowerText, string lowerWord)
    {
        var at = 0;
        while ((at = lowerText.IndexOf(lowerWord, at, StringComparison.Ordinal)) >= 0)
        {
            var before = at == 0 || !char.IsLetterOrDigit(lowerText[at - 1]);
            var end = at + lowerWord.Length;
            var after = end >= lowerText.Length || !char.IsLetterOrDigit(lowerText[end]);
            if (before && after)
            {
                return true;
            }

            at = end;
        }

        return false;
    }

    private static int Clamp(double value) => (int)Math.Round(Math.Clamp(value, 0, 100));
}
