using System.Globalization;
using System.Text;
using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>A sample rendered while the creator edits, by the same renderer generation uses, shrunk for the screen.</summary>
public sealed record PreviewImage(AssetType AssetType, byte[] Jpeg, int Width, int Height);

/// <summary>What a kit will look like, and which of its colour pairs cannot carry readable text.</summary>
public sealed class BrandKitPreview(IAssetRenderer renderer)
{
    public const double MinimumContrast = 4.5;
    private const int PreviewLongSide = 640;
    private const string SampleHeadline = "Your next big stream";

    /// <summary>What <see cref="Render"/> draws, in this order.</summary>
    public static readonly IReadOnlyList<AssetType> Samples = [AssetType.Thumbnail, AssetType.StoryGraphic];

    /// <summary>A sample thumbnail and story graphic with the draft's colours, fonts, tone and logo.</summary>
    public IReadOnlyList<PreviewImage> Render(BrandKitDraft draft, byte[]? logoPng)
    {
        var style = StyleOf(draft, logoPng);
        return [.. Samples.Select(type => Sample(type, style, SampleHeadline))];
    }

    /// <summary>
    /// Names what <see cref="Render"/> would draw for this draft and logo (<see cref="DraftImages.Hash"/> of its
    /// bytes): only what reaches the renderer counts, after the same fallbacks, so renaming the kit or editing its
    /// guidelines keeps the key, and a half-typed colour keeps the key of the picture it leaves unchanged.
    /// </summary>
    public static string KeyOf(BrandKitDraft draft, string? logoHash)
    {
        var style = StyleOf(draft, null);
        string[] inputs =
        [
            string.Join(',', style.PrimaryColors.Select(BrandKitDraft.NormaliseColour)),
            string.Join(',', style.AccentColors.Select(BrandKitDraft.NormaliseColour)),
            style.HeadlineFont, style.BodyFont, style.Tone.ToString(), logoHash ?? "", SampleHeadline,
            PreviewLongSide.ToString(CultureInfo.InvariantCulture),
        ];
        return DraftImages.Hash(Encoding.UTF8.GetBytes(string.Join('\n', inputs)));
    }

    /// <summary>
    /// Every primary/accent pair below 4.5:1 (WCAG AA for text), e.g. "Accent #F472B6 on primary #6D28D9
    /// reaches 2.1:1". The renderer still keeps text readable (it adds a plate), but the creator should know.
    /// </summary>
    public static IReadOnlyList<string> ContrastWarnings(BrandKitDraft draft)
    {
        var primaries = draft.PrimaryColors.Select(c => (Hex: c, Colour: Colour.ParseHex(c))).Where(c => c.Colour is not null).ToList();
        var accents = draft.AccentColors.Select(c => (Hex: c, Colour: Colour.ParseHex(c))).Where(c => c.Colour is not null).ToList();
        var warnings = new List<string>();
        foreach (var accent in accents)
        {
            foreach (var primary in primaries)
            {
                var ratio = Colour.Contrast(accent.Colour!.Value, primary.Colour!.Value);
                if (ratio < MinimumContrast)
                {
                    warnings.Add(string.Create(CultureInfo.InvariantCulture,
                        $"Accent {BrandKitDraft.NormaliseColour(accent.Hex)} on primary {BrandKitDraft.NormaliseColour(primary.Hex)} reaches only {ratio:0.0}:1; text needs {MinimumContrast}:1. Make one lighter or darker if you want to put text in one on the other."));
                }
            }
        }

        if (accents.Count == 0 && primaries.Count > 1)
        {
            for (var i = 0; i < primaries.Count; i++)
            {
                for (var j = i + 1; j < primaries.Count; j++)
                {
                    var ratio = Colour.Contrast(primaries[i].Colour!.Value, primaries[j].Colour!.Value);
                    if (ratio < MinimumContrast)
                    {
                        warnings.Add(string.Create(CultureInfo.InvariantCulture,
                            $"{BrandKitDraft.NormaliseColour(primaries[i].Hex)} and {BrandKitDraft.NormaliseColour(primaries[j].Hex)} reach only {ratio:0.0}:1 together; add an accent with more contrast for text."));
                    }
                }
            }
        }

        return warnings;
    }

    private PreviewImage Sample(AssetType type, BrandStyle style, string headline)
    {
        var spec = AssetCatalogue.For(type);
        // A fixed seed: the preview changes only because the kit changed.
        var rendered = renderer.Render(new RenderRequest(spec, AssetFormat.Png, style, headline, "Live tonight at 8", "LIVE", Seed: 7));
        using var full = SKBitmap.Decode(rendered.Bytes);
        var scale = (float)PreviewLongSide / Math.Max(full.Width, full.Height);
        var info = new SKImageInfo((int)(full.Width * scale), (int)(full.Height * scale));
        using var small = full.Resize(info, new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(small);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 82);
        return new PreviewImage(type, jpeg.ToArray(), info.Width, info.Height);
    }

    private static BrandStyle StyleOf(BrandKitDraft draft, byte[]? logoPng)
    {
        var fallback = BrandStyle.Default;
        var primaries = draft.PrimaryColors.Where(BrandKitDraft.IsHexColour).ToList();
        var accents = draft.AccentColors.Where(BrandKitDraft.IsHexColour).ToList();
        return new BrandStyle(
            primaries.Count > 0 ? primaries : fallback.PrimaryColors,
            accents.Count > 0 ? accents : fallback.AccentColors,
            FontLibrary.IsKnown(draft.HeadlineFont) ? draft.HeadlineFont : fallback.HeadlineFont,
            FontLibrary.IsKnown(draft.BodyFont) ? draft.BodyFont : fallback.BodyFont,
            Enum.IsDefined(draft.Tone) ? draft.Tone : fallback.Tone,
            logoPng);
    }
}
