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
            Assert.Contains("Shorten the headline to 5 words or fewer: it has 9.", longOne.Asset.Viral.Suggestions);
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

        Assert.True(big.Metrics.PreviewCapHeight > 9, $"{big.Metrics.PreviewCapHeight:0.0} px");
        Assert.True(crowded.Metrics.PreviewCapHeight < big.Metrics.PreviewCapHeight / 2);
        Assert.Contains(crowded.Asset.Viral.Suggestions, s => s.Contains("px tall at YouTube sidebar size (168×94)", StringComparison.Ordinal));
        Assert.True(big.Metrics.PreviewContrast >= 3, $"{big.Metrics.PreviewContrast:0.0}:1 at sidebar size.");
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
    public void A_brand_without_a_logo_is_asked_for_one()
    {
        var result = _renderer.Render(RenderKit.Request(Thumbnail, "Ranked grind", RenderKit.Educational));

        Assert.Contains(result.Viral.Suggestions, s => s.Contains("Add a logo", StringComparison.Ordinal));
    }

    private sealed class ViralEquality : IEqualityComparer<ViralScore>
    {
        public static readonly ViralEquality Instance = new();

        public bool Equals(ViralScore? x, ViralScore? y) => x!.Score == y!.Score && x.Suggestions.SequenceEqual(y.Suggestions);

        public int GetHashCode(ViralScore obj) => obj.Score;
    }
}
