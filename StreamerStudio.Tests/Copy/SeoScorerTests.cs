using StreamerStudio.Domain.Copy;

namespace StreamerStudio.Tests.Copy;

/// <summary>SEO notes on titles: a clear, keyword-first title beats a shouting, overlong one; trending words come from the creator's best titles.</summary>
public sealed class SeoScorerTests
{
    private static readonly string[] Keywords = ["hollow", "knight", "no-hit"];

    [Fact]
    public void A_shouting_overlong_title_without_the_keyword_early_scores_clearly_lower()
    {
        var good = SeoScorer.Score("Hollow Knight no-hit run (3 attempts, one clean)", Keywords, ["hollow", "speedrun"]);
        var bad = SeoScorer.Score("OMG YOU WILL NOT BELIEVE WHAT HAPPENED ON STREAM TONIGHT!!! 🔥🔥🔥 WATCH TILL THE END FOR HOLLOW", Keywords, ["hollow", "speedrun"]);

        Assert.True(good.Overall >= 90, $"good scored {good.Overall}: {string.Join(" ", good.Notes)}");
        Assert.True(bad.Overall <= good.Overall - 40, $"bad scored {bad.Overall}, good {good.Overall}");
        Assert.Contains("All caps reads as shouting.", bad.Notes);
        Assert.Contains("Piled-up punctuation looks like clickbait.", bad.Notes);
        Assert.Contains("More than two emoji.", bad.Notes);
        Assert.Contains("Put “hollow” earlier.", bad.Notes);
        Assert.Contains("The feed cuts it after 70 characters.", bad.Notes);
        Assert.Contains("“hollow” up front.", good.Notes);
        Assert.Contains("Uses “hollow”, trending on your channel.", good.Notes);
    }

    [Fact]
    public void Leaving_out_the_main_keyword_or_trending_words_costs_points()
    {
        var with = SeoScorer.Score("Hollow Knight, every boss in 2 hours", Keywords, ["speedrun"]);
        var without = SeoScorer.Score("Every boss in 2 hours, no damage", Keywords, ["speedrun"]);
        var noSource = SeoScorer.Score("Hollow Knight, every boss in 2 hours", Keywords, []);

        Assert.Equal(25, with.Overall - without.Overall);
        Assert.Contains("Leaves out “hollow”, the brief's main keyword.", without.Notes);
        Assert.Contains("None of your trending words.", with.Notes);
        Assert.Empty(noSource.Trending);
        Assert.True(noSource.Overall > with.Overall);
    }

    [Fact]
    public void Trending_words_are_those_of_the_most_viewed_titles()
    {
        var trending = TrendingKeywords.From([
            ("I Beat Hollow Knight Without Taking Damage", 184_220),
            ("Hollow Knight no-hit attempts", 5_884),
            ("Building a Pixel Art Castle Live", 1_000),
        ]);

        Assert.Equal(["hollow", "knight"], trending.Take(2));
        Assert.Empty(TrendingKeywords.From([]));
    }

    [Fact]
    public void Built_in_suggestions_carry_seo_notes_on_every_title_and_only_there()
    {
        var voice = BrandVoice.FromSamples(VoiceCorpora.Cozy) with { Trending = ["stardew"] };

        var suggestions = new BuiltInCopyEngine().Suggest("a rainy evening in stardew valley, planting pumpkins with chat", voice);

        Assert.All(suggestions.Titles, t => Assert.NotNull(t.Seo));
        Assert.All(suggestions.Titles, t => Assert.Equal(["stardew"], t.Seo!.Trending));
        Assert.Null(suggestions.TwitchTitle.Seo);
    }
}
