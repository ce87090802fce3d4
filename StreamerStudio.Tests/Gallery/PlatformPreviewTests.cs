using System.Globalization;
using Bunit;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Components.Pages.Gallery;

namespace StreamerStudio.Tests.Gallery;

/// <summary>The "see it where it will live" preview: YouTube thumbnail sizes and the safe-area overlay.</summary>
public sealed class PlatformPreviewTests : MudTestContext
{
    private const string Title = "I beat the game blindfolded";

    private IRenderedComponent<PlatformPreview> RenderPreview(AssetSpec spec) =>
        Render<PlatformPreview>(p => p
            .Add(x => x.ImageUrl, "assets/1/file")
            .Add(x => x.Spec, spec)
            .Add(x => x.Title, Title));

    /// <summary>"left:19.8%;top:35.28%" → { left: 19.8, top: 35.28 }.</summary>
    private static Dictionary<string, double> Percentages(string? style) =>
        (style ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => d.Split(':', 2))
            .ToDictionary(
                d => d[0].Trim(),
                d => double.Parse(d[1].Trim().TrimEnd('%'), CultureInfo.InvariantCulture));

    private static double PercentOf(int part, int whole) => Math.Round(100.0 * part / whole, 1);

    [Theory]
    [InlineData("preview-home", 360, 202, "Home feed 360×202")]
    [InlineData("preview-search", 246, 138, "Search 246×138")]
    [InlineData("preview-sidebar", 168, 94, "Sidebar 168×94")]
    public void A_thumbnail_shows_at_each_YouTube_size_with_a_duration_badge_title_and_caption(
        string testId, int width, int height, string caption)
    {
        var preview = RenderPreview(AssetCatalogue.For(AssetType.Thumbnail));

        var placement = preview.Find($"[data-testid={testId}]");
        var thumb = placement.QuerySelector(".yt-thumb")!;
        Assert.Equal($"width:{width}px;height:{height}px", thumb.GetAttribute("style"));
        Assert.Equal("assets/1/file", thumb.QuerySelector("img")!.GetAttribute("src"));
        var badge = Assert.Single(thumb.QuerySelectorAll("[data-testid=duration-badge]"));
        Assert.Matches(@"^\d{1,2}:\d{2}$", badge.TextContent.Trim());
        Assert.Equal(Title, placement.QuerySelector(".yt-title")!.TextContent.Trim());
        Assert.Equal(caption, placement.ParentElement!.QuerySelector("figcaption")!.TextContent.Trim());
    }

    [Fact]
    public void A_thumbnail_has_exactly_three_placements_and_no_safe_area_toggle()
    {
        var preview = RenderPreview(AssetCatalogue.For(AssetType.Thumbnail));

        Assert.Equal(3, preview.FindAll(".yt-surface").Count);
        Assert.Equal(3, preview.FindAll("[data-testid=duration-badge]").Count);
        Assert.Empty(preview.FindAll("[data-testid=safe-area-toggle]"));
    }

    [Fact]
    public void The_dark_switch_turns_every_YouTube_surface_from_light_to_dark_and_back()
    {
        var preview = RenderPreview(AssetCatalogue.For(AssetType.Thumbnail));
        string[] surfaces = ["preview-home", "preview-search", "preview-sidebar"];

        Assert.All(surfaces, id => Assert.Contains("yt-light", preview.Find($"[data-testid={id}]").ClassList));

        preview.Find("[data-testid=dark-toggle]").Change(true);

        Assert.All(surfaces, id =>
        {
            var classes = preview.Find($"[data-testid={id}]").ClassList;
            Assert.Contains("yt-dark", classes);
            Assert.DoesNotContain("yt-light", classes);
        });

        preview.Find("[data-testid=dark-toggle]").Change(false);

        Assert.All(surfaces, id => Assert.Contains("yt-light", preview.Find($"[data-testid={id}]").ClassList));
    }

    [Fact]
    public void The_YouTube_banner_safe_area_is_hidden_until_toggled_then_outlines_the_centred_1546_by_423()
    {
        var spec = AssetCatalogue.For(AssetType.Banner, Platform.Youtube);
        var preview = RenderPreview(spec);

        Assert.Empty(preview.FindAll("[data-testid=safe-area]"));
        Assert.Equal("aspect-ratio:2560 / 1440", preview.Find("[data-testid=preview-frame]").GetAttribute("style"));

        preview.Find("[data-testid=safe-area-toggle]").Change(true);

        var style = Percentages(preview.Find("[data-testid=safe-area]").GetAttribute("style"));
        var area = spec.SafeArea;
        Assert.Equal(PercentOf(area.X, spec.Width), Math.Round(style["left"], 1));
        Assert.Equal(PercentOf(area.Y, spec.Height), Math.Round(style["top"], 1));
        Assert.Equal(PercentOf(area.Width, spec.Width), Math.Round(style["width"], 1));
        Assert.Equal(PercentOf(area.Height, spec.Height), Math.Round(style["height"], 1));
        // The numbers YouTube's 2560×1440 / centred 1546×423 guidance works out to.
        Assert.Equal([19.8, 35.3, 60.4, 29.4], new[] { style["left"], style["top"], style["width"], style["height"] }.Select(v => Math.Round(v, 1)));
        Assert.Contains("Only the outlined area shows on every device", preview.Find("[data-testid=safe-area-legend]").TextContent);

        preview.Find("[data-testid=safe-area-toggle]").Change(false);

        Assert.Empty(preview.FindAll("[data-testid=safe-area]"));
    }

    [Fact]
    public void A_story_graphic_keeps_250px_at_the_top_and_340px_at_the_bottom_clear()
    {
        var spec = AssetCatalogue.For(AssetType.StoryGraphic);
        Assert.Equal((1080, 1920), (spec.Width, spec.Height));
        var preview = RenderPreview(spec);

        preview.Find("[data-testid=safe-area-toggle]").Change(true);

        var style = Percentages(preview.Find("[data-testid=safe-area]").GetAttribute("style"));
        Assert.Equal(Math.Round(100.0 * 250 / 1920, 1), Math.Round(style["top"], 1));
        Assert.Equal(Math.Round(100.0 * 340 / 1920, 1), Math.Round(100 - style["top"] - style["height"], 1));
        Assert.Equal(PercentOf(spec.SafeArea.X, spec.Width), Math.Round(style["left"], 1));
        Assert.Equal(PercentOf(spec.SafeArea.Width, spec.Width), Math.Round(style["width"], 1));
        Assert.Contains("fit-portrait", preview.Find("figure").ClassList);
        Assert.Contains("Profile row and captions cover the dimmed parts", preview.Find("[data-testid=safe-area-legend]").TextContent);
    }

    [Theory]
    [InlineData(AssetType.Banner, Platform.Twitch)]
    [InlineData(AssetType.OfflineScreen, Platform.Twitch)]
    [InlineData(AssetType.Overlay, Platform.Twitch)]
    [InlineData(AssetType.ClipCover, Platform.Tiktok)]
    public void Every_other_asset_gets_the_image_and_a_safe_area_toggle_instead_of_YouTube_sizes(AssetType type, Platform platform)
    {
        var spec = AssetCatalogue.For(type, platform);
        var preview = RenderPreview(spec);

        Assert.Empty(preview.FindAll("[data-testid=preview-home]"));
        Assert.Equal("assets/1/file", preview.Find("[data-testid=preview-frame] img").GetAttribute("src"));

        preview.Find("[data-testid=safe-area-toggle]").Change(true);

        var style = Percentages(preview.Find("[data-testid=safe-area]").GetAttribute("style"));
        Assert.Equal(PercentOf(spec.SafeArea.X, spec.Width), Math.Round(style["left"], 1));
        Assert.Equal(PercentOf(spec.SafeArea.Height, spec.Height), Math.Round(style["height"], 1));
        Assert.False(string.IsNullOrWhiteSpace(preview.Find("[data-testid=safe-area-legend]").TextContent));
    }

    [Fact]
    public void Safe_area_percentages_use_a_dot_whatever_the_current_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = new CultureInfo("de-DE");
        try
        {
            var preview = RenderPreview(AssetCatalogue.For(AssetType.Banner, Platform.Youtube));
            preview.Find("[data-testid=safe-area-toggle]").Change(true);

            Assert.StartsWith("left:19.8", preview.Find("[data-testid=safe-area]").GetAttribute("style"));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
