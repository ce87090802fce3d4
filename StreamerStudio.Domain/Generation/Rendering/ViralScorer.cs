using System.Globalization;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>What the score is computed from: the pixels and where the renderer (or a test's own drawing) put things.</summary>
/// <param name="Shared">The renderer's shrinks of <paramref name="Bitmap"/>, shared with the gallery preview (both start from the same halving).</param>
internal sealed record ScoreInput(SKBitmap Bitmap, AssetSpec Spec, BrandStyle Brand, string Headline, IReadOnlyList<TextBox> Texts, IReadOnlyList<ScoredElement> Elements, Shrinks? Shared = null);

/// <summary>The measurements behind a score, for tests and for a UI that wants to show numbers.</summary>
internal sealed record ViralMetrics(
    int Words,
    float SmallCapHeight,
    float LargeCapHeight,
    double HeadlineContrast,
    float SubjectShare,
    double EdgeDensity,
    int ElementCount,
    double SubjectContrast,
    float Saturation,
    float BrandShare,
    IReadOnlyList<string> OutsideSafeArea,
    IReadOnlyDictionary<string, double> Points);

/// <summary>
/// The 0–100 viral score. It scores what differs between designs and shows at feed size, on the pixels shrunk to
/// the sizes the asset is first seen at; weights come from <see cref="ScoreRubric"/>. Each criterion that lost a
/// third of its points or more says what to change. Pure arithmetic on the pixels: deterministic.
/// </summary>
internal static class ViralScorer
{
    private sealed record Finding(double Lost, string Suggestion);

    public static (ViralScore Score, ViralMetrics Metrics) Score(ScoreInput input)
    {
        var spec = input.Spec;
        // The renderer's bitmaps are in its own byte order already; a picture from elsewhere is brought to it.
        using var converted = input.Bitmap.ColorType == Pixels.Type ? null : input.Bitmap.Copy(Pixels.Type);
        var bitmap = converted ?? input.Bitmap;
        var (large, small) = Preview(spec);
        using var owned = input.Shared is { } shared && shared.Source == bitmap ? null : new Shrinks(bitmap);
        using var largeImage = (owned ?? input.Shared!).ToWidth(large.Width);
        using var smallImage = Pixels.Shrink(largeImage, small.Width);
        var smallScale = small.Width / (float)spec.Width;
        var largeScale = large.Width / (float)spec.Width;
        var head = input.Texts.FirstOrDefault(t => t.Role == "headline");
        var points = new Dictionary<string, double>();
        var findings = new List<Finding>();

        void Award(ScoreCriterion criterion, double fraction, string? suggestion)
        {
            var earned = criterion.Weight * Math.Clamp(fraction, 0, 1);
            points[criterion.Key] = earned;
            if (suggestion is not null && criterion.Weight - earned >= criterion.Weight / 3.0)
            {
                findings.Add(new(criterion.Weight - earned, suggestion));
            }
        }

        // Headline size where it is first seen.
        var smallCap = (head?.CapHeight ?? 0) * smallScale;
        var largeCap = (head?.CapHeight ?? 0) * largeScale;
        Award(ScoreRubric.HeadlineSize, (smallCap - 6) / 8,
            Say($"The headline's capitals are {smallCap:0.#} px tall at {small.Name} ({largeCap:0.#} px at {large.Name}); use fewer words or a narrower font so it can be set larger (aim for 14 px there)."));

        // Word count: a thumbnail is glanced at, not read.
        var words = input.Headline.Split((char[])[' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var allowance = spec.Type is AssetType.Thumbnail or AssetType.ClipCover or AssetType.StoryGraphic ? 3 : 5;
        Award(ScoreRubric.Words, 1 - Math.Max(0, words - allowance) * 2.5 / ScoreRubric.Words.Weight,
            Say($"Shorten the headline to {allowance} words or fewer: it has {words}."));

        // Contrast of the headline with what is around it, after shrinking (thin outlines and busy pictures blur away).
        var headContrast = head is null ? 1 : LocalContrast(smallImage, Scale(head.Ink, smallScale));
        Award(ScoreRubric.HeadlineContrast, (headContrast - 2) / 5,
            Say($"At {small.Name} the headline stands out only {headContrast:0.0}:1 from what is around it; put it on a plainer or darker area, or give it a plate."));

        // The subject: a face or character, and how much of the frame it fills.
        var subject = input.Elements.FirstOrDefault(e => e.Role == "subject")?.Box;
        var key = input.Elements.FirstOrDefault(e => e.Role == ScoredElement.SubjectKey)?.Box;
        var frame = new SKRect(0, 0, spec.Width, spec.Height);
        var subjectShare = subject is { } sb ? Area(SKRect.Intersect(sb, frame)) / Area(frame) : 0;
        var keyVisible = key is { } k && Area(SKRect.Intersect(k, frame)) >= Area(k) * 0.8f;
        Award(ScoreRubric.Subject, keyVisible ? 0.4 + 0.6 * Math.Min(1, subjectShare / 0.25) : 0,
            subject is null
                ? "Add a face or a character (a cut-out with a transparent background): faces are what people notice first in a feed."
                : Say($"The subject fills {subjectShare * 100:0}% of the frame; make it bigger (a quarter or more) with its face inside the safe area."));

        // One focal point rather than clutter.
        var masked = new List<SKRect>();
        if (head is not null)
        {
            masked.Add(Scale(head.Ink, smallScale));
        }

        if (subject is { } sbox)
        {
            masked.Add(Scale(sbox, smallScale));
        }

        var edges = EdgeDensity(smallImage, masked);
        var hasBadgePlate = input.Elements.Any(e => e.Role == "badge");
        var elementCount = input.Texts.Count(t => !(t.Role == "badge" && hasBadgePlate)) + input.Elements.Count(e => e.Role != ScoredElement.SubjectKey);
        var calm = Math.Clamp((0.30 - edges) / 0.22, 0, 1);
        var few = Math.Clamp(1 - Math.Max(0, elementCount - 4) * 0.25, 0, 1);
        Award(ScoreRubric.Focus, 0.6 * calm + 0.4 * few,
            Say($"The eye has nowhere to land: {elementCount} separate elements and {edges * 100:0}% busy edges outside the headline and subject; drop elements or calm the background."));

        // Subject against its background.
        var subjectContrast = key is { } kb && subject is { } sr ? ColourDistance(largeImage, Scale(kb, largeScale), Scale(sr, largeScale)) : 0;
        Award(ScoreRubric.SubjectContrast, subject is null ? 0 : (subjectContrast - 0.08) / 0.27,
            subject is null ? null : Say($"The subject's face is close in colour to what is around it ({subjectContrast * 100:0}% apart); use a brighter outline or a darker scrim behind it."));

        var saturation = MeanSaturation(largeImage);
        Award(ScoreRubric.Saturation, (saturation - 0.15) / 0.30,
            Say($"The colours look washed out (average saturation {saturation * 100:0}%); add a vivid primary or accent colour to the brand kit."));

        var brandShare = BrandShare(largeImage, input.Brand);
        Award(ScoreRubric.Brand, (brandShare - 0.01) / 0.11,
            Say($"Only {brandShare * 100:0}% of the picture is in your brand's colours; viewers learn a channel by its colours."));

        // Every element against the same safe area the asset page outlines (AssetSpec.SafeArea).
        var safe = Scene.SafeRect(spec);
        var outside = input.Texts.Where(t => !Inside(t.Bounds, safe)).Select(t => t.Role)
            .Concat(input.Elements.Where(e => e.Role != "subject" && !Inside(e.Box, safe)).Select(e => e.Role))
            .Distinct().ToList();
        Award(ScoreRubric.SafeArea, 1 - outside.Count * 5.0 / ScoreRubric.SafeArea.Weight,
            Say($"Outside the safe area ({spec.SafeArea.Width}×{spec.SafeArea.Height} at {spec.SafeArea.X},{spec.SafeArea.Y}), where the platform may cover or crop it: {string.Join(", ", outside)}. Move it inside the outline."));

        var score = (int)Math.Round(points.Values.Sum());
        var unreadable = head is null || outside.Contains("headline") || head.Truncated || smallCap < 4 || headContrast < 2;
        if (unreadable)
        {
            score = Math.Min(score, ScoreRubric.UnreadableCap);
        }

        if (input.Texts.FirstOrDefault(t => t.Truncated) is { } cut)
        {
            findings.Add(new(100, Say($"The {cut.Role} did not fit and was cut to \"{cut.Text}\"; shorten it.")));
        }

        if (input.Texts.Any(t => t.MissingGlyphs))
        {
            findings.Add(new(10, "Some characters have no font that can draw them and show as boxes; remove them or choose another headline font."));
        }

        var suggestions = findings.OrderByDescending(f => f.Lost).Select(f => f.Suggestion).Distinct().ToList();
        var metrics = new ViralMetrics(words, smallCap, largeCap, headContrast, subjectShare, edges, elementCount, subjectContrast, saturation, brandShare, outside, points);
        return (new ViralScore(Math.Clamp(score, 0, 100), suggestions), metrics);
    }

    /// <summary>Where each asset is first seen, large and small, and how wide it is there.</summary>
    internal static ((string Name, int Width) Large, (string Name, int Width) Small) Preview(AssetSpec spec) => spec.Type switch
    {
        AssetType.Thumbnail => (("YouTube home size (360 px)", 360), ("YouTube sidebar size (168 px)", 168)),
        AssetType.ClipCover or AssetType.StoryGraphic => (("phone feed size (360 px)", 360), ("profile-grid size (168 px)", 168)),
        AssetType.Banner => (("desktop width (1060 px)", 1060), ("phone width (390 px)", 390)),
        _ => (("player size (640 px)", 640), ("small-player size (360 px)", 360)),
    };

    /// <summary>Light end against dark end (95th and 5th percentile luminance) inside the box; transparent pixels count as a dark page.</summary>
    private static double LocalContrast(SKBitmap image, SKRect box)
    {
        var area = Clip(image, box);
        var lum = new List<double>(Math.Max(0, area.Width * area.Height));
        var pixels = image.GetPixelSpan();
        var stride = image.RowBytes;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                var i = y * stride + x * 4;
                lum.Add(pixels[i + Pixels.A] == 0 ? 0 : Colour.Luminance(pixels[i + Pixels.R], pixels[i + Pixels.G], pixels[i + Pixels.B]));
            }
        }

        if (lum.Count < 4)
        {
            return 1;
        }

        lum.Sort();
        return Colour.Contrast(lum[(int)(lum.Count * 0.95)], lum[(int)(lum.Count * 0.05)]);
    }

    /// <summary>Share of pixels, outside the masked boxes, where brightness jumps by more than a tenth to the next pixel.</summary>
    private static double EdgeDensity(SKBitmap image, IReadOnlyList<SKRect> masked)
    {
        var pixels = image.GetPixelSpan();
        var (width, height, stride) = (image.Width, image.Height, image.RowBytes);
        // The masked boxes as one flag per pixel, filled once (testing every box at every pixel cost more than the rest).
        var skip = new bool[width * height];
        foreach (var m in masked)
        {
            for (var y = Math.Max(0, (int)MathF.Ceiling(m.Top)); y < Math.Min(height, (int)MathF.Ceiling(m.Bottom)); y++)
            {
                var left = Math.Max(0, (int)MathF.Ceiling(m.Left));
                var right = Math.Min(width, (int)MathF.Ceiling(m.Right));
                if (right > left)
                {
                    Array.Fill(skip, true, y * width + left, right - left);
                }
            }
        }

        int edges = 0, counted = 0;
        for (var y = 0; y < height - 1; y++)
        {
            for (var x = 0; x < width - 1; x++)
            {
                if (skip[y * width + x])
                {
                    continue;
                }

                var l = Luma(pixels, y * stride + x * 4);
                var dx = Math.Abs(Luma(pixels, y * stride + (x + 1) * 4) - l);
                var dy = Math.Abs(Luma(pixels, (y + 1) * stride + x * 4) - l);
                counted++;
                if (dx + dy > 26)
                {
                    edges++;
                }
            }
        }

        return counted == 0 ? 0 : edges / (double)counted;
    }

    private static int Luma(ReadOnlySpan<byte> p, int i) => (54 * p[i + Pixels.R] + 183 * p[i + Pixels.G] + 19 * p[i + Pixels.B]) >> 8;

    /// <summary>Mean colour of the key area against the mean of a band around the subject's box (a tenth of its width wide), as a share of the RGB diagonal.</summary>
    private static double ColourDistance(SKBitmap image, SKRect key, SKRect subject)
    {
        var inner = Mean(image, key, null);
        var band = Math.Max(2, subject.Width * 0.1f);
        var around = Mean(image, new SKRect(subject.Left - band, subject.Top - band, subject.Right + band, subject.Bottom + band), subject);
        if (inner is null || around is null)
        {
            return 0;
        }

        var (a, b) = (inner.Value, around.Value);
        return Math.Sqrt(Math.Pow(a.R - b.R, 2) + Math.Pow(a.G - b.G, 2) + Math.Pow(a.B - b.B, 2)) / 441.7;
    }

    private static (double R, double G, double B)? Mean(SKBitmap image, SKRect box, SKRect? hole)
    {
        var area = Clip(image, box);
        var pixels = image.GetPixelSpan();
        var stride = image.RowBytes;
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = area.Top; y < area.Bottom; y++)
        {
            for (var x = area.Left; x < area.Right; x++)
            {
                if (hole is { } h && h.Contains(x + 0.5f, y + 0.5f))
                {
                    continue;
                }

                var i = y * stride + x * 4;
                r += pixels[i + Pixels.R];
                g += pixels[i + Pixels.G];
                b += pixels[i + Pixels.B];
                n++;
            }
        }

        return n == 0 ? null : (r / n, g / n, b / n);
    }

    private static float MeanSaturation(SKBitmap image)
    {
        var pixels = image.GetPixelSpan();
        var (width, height, stride) = (image.Width, image.Height, image.RowBytes);
        double sum = 0;
        var count = 0;
        for (var y = 0; y < height; y += 2)
        {
            for (var x = 0; x < width; x += 2)
            {
                var i = y * stride + x * 4;
                if (pixels[i + Pixels.A] < 128)
                {
                    continue;
                }

                int r = pixels[i + Pixels.R], g = pixels[i + Pixels.G], b = pixels[i + Pixels.B];
                var max = Math.Max(r, Math.Max(g, b));
                var min = Math.Min(r, Math.Min(g, b));
                sum += max == 0 ? 0 : (max - min) / (double)max;
                count++;
            }
        }

        return count == 0 ? 0 : (float)(sum / count);
    }

    /// <summary>Share of opaque pixels within 64 (RGB distance) of a brand colour.</summary>
    private static float BrandShare(SKBitmap image, BrandStyle brand)
    {
        var colours = brand.PrimaryColors.Concat(brand.AccentColors).Select(Colour.ParseHex).OfType<SKColor>().ToArray();
        if (colours.Length == 0)
        {
            return 0;
        }

        var pixels = image.GetPixelSpan();
        var (width, height, stride) = (image.Width, image.Height, image.RowBytes);
        int near = 0, count = 0;
        for (var y = 0; y < height; y += 2)
        {
            for (var x = 0; x < width; x += 2)
            {
                var i = y * stride + x * 4;
                if (pixels[i + Pixels.A] < 128)
                {
                    continue;
                }

                count++;
                foreach (var c in colours)
                {
                    int dr = pixels[i + Pixels.R] - c.Red, dg = pixels[i + Pixels.G] - c.Green, db = pixels[i + Pixels.B] - c.Blue;
                    if (dr * dr + dg * dg + db * db < 64 * 64)
                    {
                        near++;
                        break;
                    }
                }
            }
        }

        return count == 0 ? 0 : near / (float)count;
    }

    private static SKRectI Clip(SKBitmap image, SKRect box) =>
        SKRectI.Intersect(SKRectI.Round(box), new SKRectI(0, 0, image.Width, image.Height));

    private static SKRect Scale(SKRect r, float by) => new(r.Left * by, r.Top * by, r.Right * by, r.Bottom * by);

    private static float Area(SKRect r) => r.IsEmpty ? 0 : r.Width * r.Height;

    /// <summary>Half a pixel of tolerance: anti-aliasing, not placement.</summary>
    private static bool Inside(SKRect inner, SKRect outer) =>
        inner.IsEmpty || (inner.Left >= outer.Left - 0.5f && inner.Top >= outer.Top - 0.5f && inner.Right <= outer.Right + 0.5f && inner.Bottom <= outer.Bottom + 0.5f);

    private static string Say(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
