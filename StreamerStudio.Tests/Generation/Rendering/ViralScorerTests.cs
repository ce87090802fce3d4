using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

public sealed class ViralScorerTests
{
    private readonly AssetRenderer _renderer = new();
    private static readonly AssetSpec Thumbnail = AssetCatalogue.For(AssetType.Thumbnail);

    [Fact]
    public void A_nine_word_headline_scores_lower_than_three_words_and_is_told_to_shorten()
    {
        foreach (var layout in AssetRenderer.LayoutNames(Thumbnail))
        {
            var shortOne = _renderer.RenderDetailed(RenderKit.Request(Thumbnail, "Ranked grind begins"), layout);
            var longOne = _renderer.RenderDetailed(RenderKit.Request(Thumbnail, "I tried every ranked strategy so you never have"), layout);

            Assert.True(longOne.Asset.Viral.Score < shortOne.Asset.Viral.Score, $"{layout}: {longOne.Asset.Viral.Score} vs {shortOne.Asset.Viral.Score}.");
            Assert.Contains("Shorten the headline to 3 words or fewer: it has 9.", longOne.Asset.Viral.Suggestions);
            Assert.DoesNotContain(shortOne.Asset.Viral.Suggestions, s => s.StartsWith("Shorten", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void The_score_is_deterministic()
    {
        var request = RenderKit.Request(Thumbnail, "I tried every ranked strategy so you never have", seed: 9);

        Assert.Equal(_renderer.Render(request).Viral, _renderer.Render(request).Viral, ViralEquality.Instance);
    }

    [Fact]
    public void Headline_size_at_sidebar_size_is_measured_and_small_type_is_flagged()
    {
        var big = _renderer.RenderDetailed(RenderKit.Request(Thumbnail, "GG", subline: null), "Big Type");
        var crowded = _renderer.RenderDetailed(RenderKit.Request(Thumbnail,
            "Every single weapon tier list ranking explained in detail with maps, perks, attachments and loadouts for season nine"), "Big Type");

        Assert.True(big.Metrics.SmallCapHeight > 9, $"{big.Metrics.SmallCapHeight:0.0} px");
        Assert.True(crowded.Metrics.SmallCapHeight < big.Metrics.SmallCapHeight / 2);
        Assert.Contains(crowded.Asset.Viral.Suggestions, s => s.Contains("px tall at YouTube sidebar size (168 px)", StringComparison.Ordinal));
        Assert.True(big.Metrics.HeadlineContrast >= 3, $"{big.Metrics.HeadlineContrast:0.0}:1 at sidebar size.");
    }

    [Fact]
    public void A_grey_brand_is_told_its_colours_are_washed_out()
    {
        var grey = _renderer.Render(RenderKit.Request(Thumbnail, "Ranked grind", RenderKit.LowContrast));
        var vivid = _renderer.Render(RenderKit.Request(Thumbnail, "Ranked grind", RenderKit.Comedic));

        Assert.Contains(grey.Viral.Suggestions, s => s.StartsWith("The colours look washed out", StringComparison.Ordinal));
        Assert.DoesNotContain(vivid.Viral.Suggestions, s => s.StartsWith("The colours look washed out", StringComparison.Ordinal));
    }

    [Fact]
    public void A_text_only_design_is_asked_for_a_face_and_one_with_a_subject_is_not()
    {
        var textOnly = _renderer.Render(RenderKit.Request(Thumbnail, "Ranked grind", RenderKit.Educational));
        var withSubject = _renderer.Render(RenderKit.Request(Thumbnail, "Ranked grind", RenderKit.Educational) with { Subject = TestPictures.Figure });

        Assert.Contains(textOnly.Viral.Suggestions, s => s.StartsWith("Add a face or a character", StringComparison.Ordinal));
        Assert.DoesNotContain(withSubject.Viral.Suggestions, s => s.StartsWith("Add a face or a character", StringComparison.Ordinal));
        Assert.True(withSubject.Viral.Score > textOnly.Viral.Score, $"{withSubject.Viral.Score} vs {textOnly.Viral.Score}");
    }

    [Fact]
    public void Weights_come_from_the_rubric_and_add_up_to_100()
    {
        Assert.Equal(100, ScoreRubric.All.Sum(c => c.Weight));
        var result = _renderer.RenderDetailed(RenderKit.Request(Thumbnail, "Ranked grind") with { Subject = TestPictures.Figure });

        Assert.Equal(ScoreRubric.All.Select(c => c.Key).Order(), result.Metrics.Points.Keys.Order());
        Assert.All(ScoreRubric.All, c => Assert.InRange(result.Metrics.Points[c.Key], 0, c.Weight));
        Assert.Equal((int)Math.Round(result.Metrics.Points.Values.Sum()), result.Asset.Viral.Score);
    }

    [Fact]
    public void Story_text_and_its_plates_stay_inside_the_safe_area_the_asset_page_outlines_and_the_score_checks_that_area()
    {
        var story = AssetCatalogue.For(AssetType.StoryGraphic);
        foreach (var layout in AssetRenderer.LayoutNames(story))
        {
            for (var seed = 0; seed < 4; seed++)
            {
                var result = _renderer.RenderDetailed(RenderKit.Request(story, "Ranked grind day 30", seed: seed,
                    subline: "Road to Diamond, every night at eight, with viewer games on Sundays", background: RenderKit.NoisyPhoto(540, 960, seed)), layout);

                Assert.All(result.Texts, t => Assert.True(RenderKit.Inside(t.Bounds, story.SafeArea), $"{layout} seed {seed}: {t.Role} {t.Bounds} leaves {story.SafeArea}."));
                Assert.Empty(result.Metrics.OutsideSafeArea);
            }
        }
    }

    private sealed class ViralEquality : IEqualityComparer<ViralScore>
    {
        public static readonly ViralEquality Instance = new();

        public bool Equals(ViralScore? x, ViralScore? y) => x!.Score == y!.Score && x.Suggestions.SequenceEqual(y.Suggestions);

        public int GetHashCode(ViralScore obj) => obj.Score;
    }
}
