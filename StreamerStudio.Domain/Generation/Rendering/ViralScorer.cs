using System.Globalization;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>The measurements behind a score, for tests and for a UI that wants to show numbers.</summary>
internal sealed record ViralMetrics(int Words, float PreviewCapHeight, double PreviewContrast, double TextContrast, float Saturation, float? LogoWidthShare, int SafeAreaViolations);

/// <summary>
/// A 0–100 score from the rendered pixels and from what the renderer knows (where text and logo went). Each
/// deduction comes with a suggestion that says what to change. Pure arithmetic on the pixels: deterministic.
/// </summary>
internal static class ViralScorer
{
    private sealed record Finding(int Penalty, string Suggestion);

    public static (ViralScore Score, ViralMetrics Metrics) Score(SKBitmap bitmap, AssetSpec spec, IReadOnlyList<TextBox> texts, SKRect? logo, bool brandHasLogo, string headline)
    {
        var findings = new List<Finding>();
        var safe = new SKRect(spec.SafeArea.X, spec.SafeArea.Y, spec.SafeArea.Right, spec.SafeArea.Bottom);
        var head = texts.FirstOrDefault(t => t.Role == "headline");
        var (previewName, previewWidth) = Preview(spec);
        var scale = previewWidth / (float)spec.Width;

        // Word count: a thumbnail is glanced at, not read.
        var words = headline.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var wordLimit = spec.Type is AssetType.Thumbnail or AssetType.ClipCover or AssetType.StoryGraphic ? 5 : 8;
        if (words > wordLimit)
        {
            findings.Add(new(Math.Min(30, 8 + 5 * (words - wordLimit - 1)), Say($"Shorten the headline to {wordLimit} words or fewer: it has {words}.")));
        }

        // Legibility where the asset is first seen, small: how tall the capitals are there, and how they stand out.
        float capPx = 0;
        double previewContrast = 21;
        if (head is not null)
        {
            capPx = head.CapHeight * scale;
            if (capPx < 9)
            {
                findings.Add(new(capPx < 6 ? 22 : 10, Say($"The headline is only {capPx:0.#} px tall at {previewName}; use fewer words or a narrower font so it can be set larger (aim for 9 px or more).")));
            }

            previewContrast = PreviewContrast(bitmap, head, previewWidth);
            if (previewContrast < 3)
            {
                findings.Add(new(12, Say($"The headline blurs into its background at {previewName} (contrast {previewContrast:0.0}:1 there); put it on a plainer area or use a heavier headline font.")));
            }
        }

        var textContrast = texts.Count == 0 ? 21 : texts.Min(t => t.Contrast);
        if (textContrast < Scene.MinContrast)
        {
            findings.Add(new(15, Say($"Text contrast is {textContrast:0.0}:1, under the 4.5:1 that reads for everyone; use lighter text on a darker background or the reverse.")));
        }

        var violations = texts.Count(t => !Inside(t.Bounds, safe)) + (logo is { } l && !Inside(l, safe) ? 1 : 0);
        if (violations > 0)
        {
            findings.Add(new(15 * violations, Say($"{violations} element(s) sit outside the platform's safe area ({spec.SafeArea.Width}×{spec.SafeArea.Height} at {spec.SafeArea.X},{spec.SafeArea.Y}) and may be covered or cropped; move them inside.")));
        }

        if (texts.FirstOrDefault(t => t.Truncated) is { } cut)
        {
            findings.Add(new(20, Say($"The {cut.Role} did not fit and was cut to \"{cut.Text}\"; shorten it.")));
        }

        if (texts.Any(t => t.MissingGlyphs))
        {
            findings.Add(new(10, "Some characters have no font that can draw them and show as boxes; remove them or choose another headline font."));
        }

        var saturation = MeanSaturation(bitmap);
        if (saturation < 0.18f)
        {
            findings.Add(new(10, Say($"The colours look washed out (average saturation {saturation * 100:0}%); add a vivid primary or accent colour to the brand kit.")));
        }

        float? logoShare = logo is { } box ? box.Width / spec.Width : null;
        // An overlay's logo is a corner bug by design; elsewhere it should be big enough to recognise.
        if (logoShare is { } share && spec.Type != AssetType.Overlay)
        {
            if (share < 0.05f)
            {
                findings.Add(new(5, Say($"The logo is small ({share * 100:0}% of the width); upload a logo with less empty space around it so it can be drawn larger.")));
            }
            else if (share > 0.4f)
            {
                findings.Add(new(5, Say($"The logo takes {share * 100:0}% of the width and competes with the headline; use a more compact logo.")));
            }
        }
        else if (!brandHasLogo && spec.Type is AssetType.Thumbnail or AssetType.Banner or AssetType.OfflineScreen)
        {
            findings.Add(new(3, "Add a logo to your brand kit so viewers recognise your uploads at a glance."));
        }

        var score = Math.Clamp(100 - findings.Sum(f => f.Penalty), 0, 100);
        var suggestions = findings.OrderByDescending(f => f.Penalty).Select(f => f.Suggestion).ToList();
        return (new ViralScore(score, suggestions), new ViralMetrics(words, capPx, previewContrast, textContrast, saturation, logoShare, violations));
    }

    /// <summary>Where each asset is first seen small, and how wide it is there.</summary>
    private static (string Name, int Width) Preview(AssetSpec spec) => spec.Type switch
    {
        AssetType.Thumbnail => ("YouTube sidebar size (168×94)", 168),
        AssetType.ClipCover or AssetType.StoryGraphic => ("profile-grid size (180 px wide)", 180),
        AssetType.Banner => ("phone width (390 px)", 390),
        _ => ("small-player size (640 px wide)", 640),
    };

    /// <summary>Downscales the whole image as the platform would, then compares the light and dark ends of the headline box there.</summary>
    private static double PreviewContrast(SKBitmap bitmap, TextBox head, int previewWidth)
    {
        var previewHeight = Math.Max(1, (int)Math.Round(bitmap.Height * previewWidth / (double)bitmap.Width));
        using var small = bitmap.Resize(new SKImageInfo(previewWidth, previewHeight, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (small is null)
        {
            return 21;
        }

        var scale = previewWidth / (float)bitmap.Width;
        var box = SKRectI.Intersect(SKRectI.Round(new SKRect(head.Ink.Left * scale, head.Ink.Top * scale, head.Ink.Right * scale, head.Ink.Bottom * scale)),
            new SKRectI(0, 0, small.Width, small.Height));
        var lum = new List<double>();
        var pixels = small.GetPixelSpan();
        for (var y = box.Top; y < box.Bottom; y++)
        {
            for (var x = box.Left; x < box.Right; x++)
            {
                var i = y * small.RowBytes + x * 4;
                var a = pixels[i + 3];
                // Over a dark page: how a transparent overlay shows in a dark-mode player.
                lum.Add(a == 0 ? 0 : Colour.Luminance(pixels[i], pixels[i + 1], pixels[i + 2]));
            }
        }

        if (lum.Count < 4)
        {
            return 1;
        }

        lum.Sort();
        return Colour.Contrast(lum[(int)(lum.Count * 0.95)], lum[(int)(lum.Count * 0.05)]);
    }

    private static float MeanSaturation(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        double sum = 0;
        var count = 0;
        for (var y = 0; y < bitmap.Height; y += 6)
        {
            for (var x = 0; x < bitmap.Width; x += 6)
            {
                var i = y * bitmap.RowBytes + x * 4;
                if (pixels[i + 3] < 128)
                {
                    continue;
                }

                int r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
                var max = Math.Max(r, Math.Max(g, b));
                var min = Math.Min(r, Math.Min(g, b));
                sum += max == 0 ? 0 : (max - min) / (double)max;
                count++;
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    private static bool Inside(SKRect inner, SKRect outer) => TextFitter.Inside(inner, outer);

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
