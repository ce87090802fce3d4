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

/// <summary>Where the important part of a picture is, as fractions of its width and height (0–1 from the top left).</summary>
public readonly record struct FocalPoint(float X, float Y);

/// <summary>
/// Everything that decides the pixels. Same request, same bytes. <see cref="Background"/> is a picture behind the text
/// (a creator's screenshot from the media library, or an AI background); <see cref="Subject"/> a cut-out with
/// transparency (a face, a character) placed large beside the text. A focal point left null is estimated from the image.
/// </summary>
public sealed record RenderRequest(
    AssetSpec Spec,
    AssetFormat Format,
    BrandStyle Brand,
    string Headline,
    string? Subline,
    string? Badge,
    int Seed,
    byte[]? Background = null,
    FocalPoint? BackgroundFocus = null,
    byte[]? Subject = null,
    FocalPoint? SubjectFocus = null);

public sealed record ViralScore(int Score, IReadOnlyList<string> Suggestions);

/// <param name="Preview">The gallery preview (<see cref="Assets.AssetImages.Preview(byte[])"/>), made from the drawn pixels rather than by decoding <paramref name="Bytes"/> again.</param>
public sealed record RenderedAsset(byte[] Bytes, int Width, int Height, AssetFormat Format, string Layout, ViralScore Viral, byte[] Preview);

public interface IAssetRenderer
{
    RenderedAsset Render(RenderRequest request);
}
