using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>A designed composition for one family of assets; draws everything onto the scene.</summary>
internal sealed record Layout(string Name, Action<Scene> Draw);

internal static class Layouts
{
    /// <summary>
    /// The layouts offered for a request: with a picture (a screenshot or a subject) the photo layouts where the
    /// asset type has them, otherwise the spec's own. The request's seed picks one.
    /// </summary>
    public static IReadOnlyList<Layout> For(RenderRequest request) =>
        request is { Background.Length: > 0 } or { Subject.Length: > 0 } && PhotoLayouts.For(request.Spec) is { Count: > 0 } photo ? photo : For(request.Spec);

    /// <summary>Every layout a spec can be drawn with, so a layout can be asked for by name.</summary>
    public static IEnumerable<Layout> Any(AssetSpec spec) => For(spec).Concat(PhotoLayouts.For(spec));

    /// <summary>The spec's own layouts, drawn without pictures.</summary>
    public static IReadOnlyList<Layout> For(AssetSpec spec) => spec.Type switch
    {
        AssetType.Thumbnail => ThumbnailLayouts.All,
        AssetType.Overlay => OverlayLayouts.All,
        AssetType.Banner => BannerLayouts.All,
        AssetType.OfflineScreen => OfflineScreenLayouts.All,
        AssetType.StoryGraphic => VerticalLayouts.Story,
        AssetType.ClipCover => VerticalLayouts.ClipCover,
        _ => throw new ArgumentOutOfRangeException(nameof(spec), $"No layouts for {spec.Type}."),
    };
}

/// <summary>The text styles layouts share, so a headline looks like a headline in every family.</summary>
internal static class Styles
{
    public static TextStyle Headline(Scene s, float maxSize, HAlign align, SKColor fill, TextEffect? effect = null, SKColor? plate = null, int lines = 3) =>
        new("headline", new FitOptions(maxSize, maxSize * 0.3f, lines, 1f, align), fill, Effect: effect ?? s.Tone.Effect, LinePlate: plate);

    public static TextStyle Subline(Scene s, float maxSize, HAlign align, SKColor fill, SKColor? plate = null) =>
        new("subline", new FitOptions(maxSize, Math.Min(maxSize, 14), 2, 1.2f, align), fill, HeadlineFont: false, Bold: s.Tone.Tone != BrandKits.Tone.Professional, LinePlate: plate);
}
