using SkiaSharp;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>Brands, requests and pixel measurements the renderer tests share.</summary>
internal static class RenderKit
{
    public static readonly byte[] Logo = MakeLogo();

    public static readonly BrandStyle Competitive = new(["#0EA5E9", "#0B1020"], ["#F43F5E"], "Anton", "Inter", Tone.Competitive, Logo);
    public static readonly BrandStyle Educational = new(["#1D4ED8", "#E0E7FF"], ["#F59E0B"], "Roboto Slab", "Inter", Tone.Educational, null);
    public static readonly BrandStyle Comedic = new(["#FACC15", "#7C3AED"], ["#EC4899"], "Permanent Marker", "Poppins", Tone.Comedic, Logo);
    /// <summary>Two mid greys: nothing in the brand contrasts with anything else.</summary>
    public static readonly BrandStyle LowContrast = new(["#777777"], ["#888888"], "Oswald", "Inter", Tone.Casual, null);

    public static RenderRequest Request(AssetSpec spec, string headline = "Ranked grind day 30", BrandStyle? brand = null, int seed = 1,
        AssetFormat? format = null, string? subline = "Road to Diamond · Episode 12", string? badge = "LIVE", byte[]? background = null) =>
        new(spec, format ?? spec.Formats[0], brand ?? Competitive, headline, subline, badge, seed, background);

    public static SKBitmap Decode(byte[] bytes) =>
        SKBitmap.Decode(bytes)?.Copy(SKColorType.Rgba8888) ?? throw new InvalidOperationException("Not an image Skia can read.");

    public static SKColor Pixel(SKBitmap bitmap, int x, int y)
    {
        var span = bitmap.GetPixelSpan();
        var i = y * bitmap.RowBytes + x * 4;
        return new SKColor(span[i], span[i + 1], span[i + 2], span[i + 3]);
    }

    public static bool Inside(SKRect inner, SafeArea safe) =>
        inner.Left >= safe.X - 0.01f && inner.Top >= safe.Y - 0.01f && inner.Right <= safe.Right + 0.01f && inner.Bottom <= safe.Bottom + 0.01f;

    /// <summary>
    /// Contrast of the text colour against the background measured in the rendered pixels: inside each line's ink
    /// box, the pixels painted in the text colour are the glyphs; pixels more than 3 px from any glyph pixel are
    /// the background behind the text (edges and anti-aliasing excluded). Returns the 2nd percentile, so a few
    /// stray pixels do not decide it, and the number of background pixels it looked at.
    /// </summary>
    public static (double Contrast, int Samples) MeasuredContrast(SKBitmap bitmap, IReadOnlyList<SKRect> lines, SKColor fill)
    {
        var contrasts = new List<double>();
        var lf = Luminance(fill);
        foreach (var line in lines)
        {
            var area = SKRectI.Intersect(SKRectI.Round(line), new SKRectI(0, 0, bitmap.Width, bitmap.Height));
            if (area.IsEmpty)
            {
                continue;
            }

            var glyph = new bool[area.Width, area.Height];
            for (var y = 0; y < area.Height; y++)
            {
                for (var x = 0; x < area.Width; x++)
                {
                    var c = Pixel(bitmap, area.Left + x, area.Top + y);
                    glyph[x, y] = Math.Abs(c.Red - fill.Red) <= 24 && Math.Abs(c.Green - fill.Green) <= 24 && Math.Abs(c.Blue - fill.Blue) <= 24;
                }
            }

            const int reach = 3;
            for (var y = 0; y < area.Height; y++)
            {
                for (var x = 0; x < area.Width; x++)
                {
                    var nearGlyph = false;
                    for (var dy = -reach; dy <= reach && !nearGlyph; dy++)
                    {
                        for (var dx = -reach; dx <= reach && !nearGlyph; dx++)
                        {
                            int gx = x + dx, gy = y + dy;
                            nearGlyph = gx >= 0 && gy >= 0 && gx < area.Width && gy < area.Height && glyph[gx, gy];
                        }
                    }

                    if (!nearGlyph)
                    {
                        var c = Pixel(bitmap, area.Left + x, area.Top + y);
                        var lb = Luminance(c);
                        contrasts.Add((Math.Max(lf, lb) + 0.05) / (Math.Min(lf, lb) + 0.05));
                    }
                }
            }
        }

        if (contrasts.Count == 0)
        {
            return (21, 0);
        }

        contrasts.Sort();
        return (contrasts[(int)(contrasts.Count * 0.02)], contrasts.Count);
    }

    /// <summary>WCAG relative luminance, written out here so the test does not trust the renderer's own maths.</summary>
    public static double Luminance(SKColor c)
    {
        static double Channel(byte v)
        {
            var s = v / 255.0;
            return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(c.Red) + 0.7152 * Channel(c.Green) + 0.0722 * Channel(c.Blue);
    }

    /// <summary>Mean absolute difference per channel between two same-size images, 0–255.</summary>
    public static double MeanDifference(SKBitmap a, SKBitmap b)
    {
        var sa = a.GetPixelSpan();
        var sb = b.GetPixelSpan();
        long sum = 0;
        for (var i = 0; i < sa.Length; i++)
        {
            sum += Math.Abs(sa[i] - sb[i]);
        }

        return sum / (double)sa.Length;
    }

    /// <summary>A noisy photo-like picture: worst case for text contrast and for file size.</summary>
    public static byte[] NoisyPhoto(int width, int height, int seed)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        var span = bitmap.GetPixelSpan();
        var state = (uint)seed * 2654435761u + 1;
        for (var i = 0; i < span.Length; i += 4)
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            var x = i / 4 % width;
            span[i] = (byte)((x * 255 / width + (state & 0x3F)) & 0xFF);
            span[i + 1] = (byte)(state >> 8);
            span[i + 2] = (byte)(state >> 16);
            span[i + 3] = 255;
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static byte[] MakeLogo()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(300, 300, SKColorType.Rgba8888, SKAlphaType.Premul));
        using var canvas = new SKCanvas(bitmap);
        canvas.Clear(SKColors.Transparent);
        using var disc = new SKPaint { Color = new SKColor(0xFA, 0xCC, 0x15), IsAntialias = true };
        canvas.DrawCircle(150, 150, 140, disc);
        using var mark = new SKPaint { Color = new SKColor(0x11, 0x11, 0x11), IsAntialias = true };
        canvas.DrawRect(new SKRect(110, 70, 190, 230), mark);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
