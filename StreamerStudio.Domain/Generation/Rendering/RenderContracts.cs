using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>The brand as the renderer sees it. Colours are #RRGGBB; fonts are names from <c>FontLibrary</c>.</summary>
public sealed record BrandStyle(
    IReadOnlyList<string> PrimaryColors,
    IReadOnlyList<string> AccentColors,
    string HeadlineFont,
    string BodyFont,
    Tone Tone,
    byte[]? LogoPng)
{
    /// <summary>Used when a creator has no active brand kit yet.</summary>
    public static readonly BrandStyle Default = new(["#6D28D9", "#1E1B2E"], ["#F472B6"], "Anton", "Inter", Tone.Casual, null);
}

/// <summary>Everything that decides the pixels. Same request, same bytes.</summary>
public sealed record RenderRequest(
    AssetSpec Spec,
    AssetFormat Format,
    BrandStyle Brand,
    string Headline,
    string? Subline,
    string? Badge,
    int Seed,
    byte[]? Background = null);

public sealed record ViralScore(int Score, IReadOnlyList<string> Suggestions);

public sealed record RenderedAsset(byte[] Bytes, int Width, int Height, AssetFormat Format, string Layout, ViralScore Viral);

public interface IAssetRenderer
{
    RenderedAsset Render(RenderRequest request);
}
