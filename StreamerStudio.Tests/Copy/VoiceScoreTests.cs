using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using Xunit.Abstractions;

namespace StreamerStudio.Tests.Copy;

/// <summary>The voice score: a voice recognises its own held-out lines over another voice's, and says what cost points.</summary>
public sealed class VoiceScoreTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_voice_scores_its_own_held_out_lines_higher_than_lines_from_another_voice(bool hypeIsTheVoice)
    {
        var (own, other) = hypeIsTheVoice ? (VoiceCorpora.Hype, VoiceCorpora.Cozy) : (VoiceCorpora.Cozy, VoiceCorpora.Hype);
        // Trained on 20 lines; the last 5 are held out.
        var voice = BrandVoice.FromSamples(own.Take(20));

        var ownScores = own.Skip(20).Select(l => VoiceScorer.Score(l, voice).Overall).ToList();
        var otherScores = other.Skip(20).Select(l => VoiceScorer.Score(l, voice).Overall).ToList();
        output.WriteLine($"own {string.Join(",", ownScores)} other {string.Join(",", otherScores)}");

        // Every own line beats every other line, not just on average.
        Assert.True(ownScores.Min() > otherScores.Max(), $"own {string.Join(",", ownScores)} vs other {string.Join(",", otherScores)}");
        Assert.True(ownScores.Average() >= 70);
        Assert.True(otherScores.Average() < 50);
    }

    [Fact]
    public void The_score_is_deterministic_and_its_parts_are_in_range()
    {
        var voice = BrandVoice.FromSamples(VoiceCorpora.Cozy);

        var first = VoiceScorer.Score("INSANE CLUTCH!! 🔥", voice);
        var second = VoiceScorer.Score("INSANE CLUTCH!! 🔥", voice);

        Assert.Equal(first.Overall, second.Overall);
        Assert.Equal(first.Deviations, second.Deviations);
        foreach (var part in new[] { first.Overall, first.Tone, first.Vocabulary, first.Style })
        {
            Assert.InRange(part, 0, 100);
        }
    }

    [Fact]
    public void The_deviations_say_what_cost_points()
    {
        var voice = BrandVoice.FromSamples(VoiceCorpora.Cozy);

        var score = VoiceScorer.Score("INSANE CLUTCH IN RANKED!! 🔥", voice);

        Assert.Contains(score.Deviations, d => d.Contains("ALL CAPS"));
        Assert.Contains(score.Deviations, d => d.Contains("emoji"));
        Assert.Contains(score.Deviations, d => d.Contains("exclamation marks"));
        Assert.Contains(score.Deviations, d => d.Contains("Louder"));
        Assert.Equal("Off voice", score.Verdict);
    }

    [Fact]
    public void An_avoided_word_from_the_brand_kit_costs_points_and_is_named()
    {
        var voice = BrandVoice.FromSamples(VoiceCorpora.Cozy, avoid: ["cringe"]);

        var clean = VoiceScorer.Score("a cozy rainy evening with tea…", voice);
        var avoided = VoiceScorer.Score("a cringe rainy evening with tea…", voice);

        Assert.True(avoided.Overall < clean.Overall - 20, $"{avoided.Overall} vs {clean.Overall}");
        Assert.Contains("Uses “cringe”, a word your brand kit avoids.", avoided.Deviations);
    }

    [Fact]
    public void Without_samples_the_score_says_it_is_rough()
    {
        var voice = BrandVoice.FromSamples([], Tone.Casual);

        var score = VoiceScorer.Score("anything at all", voice);

        Assert.Contains(score.Deviations, d => d.Contains("No voice samples yet"));
    }
}
