using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>Colour maths the layouts and the checks share: WCAG contrast, mixing, HSL tweaks.</summary>
internal static class Colour
{
    public static readonly SKColor White = new(0xFF, 0xFF, 0xFF);
    public static readonly SKColor Ink = new(0x0F, 0x0F, 0x16);

    public static SKColor? ParseHex(string? hex)
    {
        var value = hex?.Trim().TrimStart('#');
        if (value is not { Length: 6 } || !uint.TryParse(value, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var rgb))
        {
            return null;
        }

        return new SKColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
    }

    /// <summary>WCAG 2 relative luminance of an opaque colour.</summary>
    public static double Luminance(SKColor c) => Luminance(c.Red, c.Green, c.Blue);

    public static double Luminance(byte r, byte g, byte b) => 0.2126 * Linear[r] + 0.7152 * Linear[g] + 0.0722 * Linear[b];

    public static double Contrast(SKColor a, SKColor b) => Contrast(Luminance(a), Luminance(b));

    public static double Contrast(double la, double lb) => (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);

    private static readonly double[] Linear = Enumerable.Range(0, 256).Select(i =>
    {
        var v = i / 255.0;
        return v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
    }).ToArray();

    public static SKColor Mix(SKColor a, SKColor b, float t) => new(
        (byte)Math.Round(a.Red + (b.Red - a.Red) * t),
        (byte)Math.Round(a.Green + (b.Green - a.Green) * t),
        (byte)Math.Round(a.Blue + (b.Blue - a.Blue) * t),
        (byte)Math.Round(a.Alpha + (b.Alpha - a.Alpha) * t));

    public static SKColor Darken(SKColor c, float t) => Mix(c, new SKColor(0, 0, 0, c.Alpha), t);

    public static SKColor Lighten(SKColor c, float t) => Mix(c, new SKColor(255, 255, 255, c.Alpha), t);

    public static SKColor Alpha(SKColor c, float alpha) => c.WithAlpha((byte)Math.Round(Math.Clamp(alpha, 0, 1) * 255));

    public static float Saturation(SKColor c)
    {
        c.ToHsv(out _, out var s, out _);
        return s / 100f;
    }

    /// <summary>Same hue, pushed to at least the given HSV saturation: brand greys stay grey-ish but gain some life.</summary>
    public static SKColor Vivid(SKColor c, float minSaturation)
    {
        c.ToHsv(out var h, out var s, out var v);
        return s < 8 ? c : SKColor.FromHsv(h, Math.Max(s, minSaturation * 100), v, c.Alpha);
    }

    public static SKColor RotateHue(SKColor c, float degrees)
    {
        c.ToHsl(out var h, out var s, out var l);
        return SKColor.FromHsl((h + degrees + 360) % 360, s, l, c.Alpha);
    }

    /// <summary>White or ink, whichever reads better on the colour.</summary>
    public static SKColor OnColour(SKColor background) =>
        Contrast(White, background) >= Contrast(Ink, background) ? White : Ink;

    /// <summary>
    /// The colour moved towards black or white (whichever side has room) until it reaches the ratio against
    /// <paramref name="other"/>: keeps the hue, so an outline or glow stays on brand yet never eats legibility.
    /// </summary>
    public static SKColor Separate(SKColor colour, SKColor other, double ratio)
    {
        if (Contrast(colour, other) >= ratio)
        {
            return colour;
        }

        var target = Luminance(other) > 0.18 ? new SKColor(0, 0, 0, colour.Alpha) : new SKColor(255, 255, 255, colour.Alpha);
        for (var t = 0.1f; t < 1f; t += 0.1f)
        {
            var moved = Mix(colour, target, t);
            if (Contrast(moved, other) >= ratio)
            {
                return moved;
            }
        }

        return target;
    }

    public static string Hex(SKColor c) => string.Create(CultureInfo.InvariantCulture, $"#{c.Red:X2}{c.Green:X2}{c.Blue:X2}");
}

/// <summary>A small deterministic generator (SplitMix64): System.Random's seeded sequence is not promised across runtimes.</summary>
internal sealed class Prng(int seed)
{
    private ulong _state = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + 0x632BE59BD9B4E019UL;

    public ulong NextUlong()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextUlong() >> 11) * (1.0 / (1UL << 53));

    public int Next(int maxExclusive) => (int)(NextUlong() % (ulong)maxExclusive);

    public float Range(float min, float max) => (float)(min + (max - min) * NextDouble());

    public bool Chance(double p) => NextDouble() < p;

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    public int Sign() => Chance(0.5) ? 1 : -1;
}

/// <summary>
/// The renderer's pixel layout: the platform's native byte order (BGRA on x86-64 Linux). Skia's raster pipeline
/// blends into its native order about ten times faster than into RGBA on these machines (a full-canvas
/// translucent fill: 0.45 ms against 5–9 ms), so every bitmap the renderer draws into or reads uses it, and code
/// that reads bytes finds the channels here.
/// </summary>
internal static class Pixels
{
    public static readonly SKColorType Type = SKImageInfo.PlatformColorType;
    public static readonly int R = Type == SKColorType.Bgra8888 ? 2 : 0;
    public const int G = 1;
    public static readonly int B = Type == SKColorType.Bgra8888 ? 0 : 2;
    public const int A = 3;

    /// <summary>
    /// An area-average (box) downscale to <paramref name="width"/>, as a browser shows a large image small: every
    /// source pixel counts once. Skia's mipmapped resize and draw give the same picture but run its slow
    /// floating-point pipeline here (a 900×1200 cut-out drawn at half size: 38 ms against 2 ms without mipmaps).
    /// While the picture is at least twice as wide as asked it is first halved, averaging each 2×2 block (the same
    /// box filter); the general loop below does the last, uneven step. <see cref="Shrinks"/> keeps the halvings
    /// when one picture is shrunk to several widths.
    /// </summary>
    public static SKBitmap Shrink(SKBitmap source, int width)
    {
        using var shrinks = new Shrinks(source);
        return shrinks.ToWidth(width);
    }

    // Averages of opaque pixels are opaque: said so, an opaque picture's preview is encoded without an alpha plane
    // (libvips then gets three bands and skips unpremultiplying every pixel).
    private static SKAlphaType ShrunkAlpha(SKBitmap source) => source.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;

    internal static SKBitmap Halve(SKBitmap source)
    {
        var (width, height) = (source.Width / 2, source.Height / 2);
        var target = new SKBitmap(new SKImageInfo(width, height, source.ColorType, ShrunkAlpha(source)));
        var src = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
        var dst = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
        var (sourceStride, targetStride) = (source.RowBytes / 4, target.RowBytes / 4);
        var mask = Vector128.Create(0x00FF00FFu);
        var round = Vector128.Create(0x00020002u);
        for (var y = 0; y < height; y++)
        {
            var top = src.Slice(2 * y * sourceStride, 2 * width);
            var bottom = src.Slice((2 * y + 1) * sourceStride, 2 * width);
            var output = dst.Slice(y * targetStride, width);
            var x = 0;
            // Four output pixels a step: bytes 0 and 2 of each pixel summed in one 32-bit lane and bytes 1 and 3 in
            // another (four values of 255 fit in each 16-bit half), the left and right pixel of each pair added by
            // folding the 64-bit lanes, then packed back. Same sums and rounding as the scalar loop after it.
            for (; x + 4 <= output.Length; x += 4)
            {
                var t0 = Vector128.Create(top.Slice(2 * x, 4));
                var t1 = Vector128.Create(top.Slice(2 * x + 4, 4));
                var b0 = Vector128.Create(bottom.Slice(2 * x, 4));
                var b1 = Vector128.Create(bottom.Slice(2 * x + 4, 4));
                var even = Vector128.Narrow(Fold((t0 & mask) + (b0 & mask)), Fold((t1 & mask) + (b1 & mask)));
                var odd = Vector128.Narrow(
                    Fold((Vector128.ShiftRightLogical(t0, 8) & mask) + (Vector128.ShiftRightLogical(b0, 8) & mask)),
                    Fold((Vector128.ShiftRightLogical(t1, 8) & mask) + (Vector128.ShiftRightLogical(b1, 8) & mask)));
                var result = (Vector128.ShiftRightLogical(even + round, 2) & mask) | Vector128.ShiftLeft(Vector128.ShiftRightLogical(odd + round, 2) & mask, 8);
                result.CopyTo(output.Slice(x, 4));
            }

            for (; x < output.Length; x++)
            {
                uint a = top[2 * x], b = top[2 * x + 1], c = bottom[2 * x], d = bottom[2 * x + 1];
                var even = (a & 0x00FF00FF) + (b & 0x00FF00FF) + (c & 0x00FF00FF) + (d & 0x00FF00FF) + 0x00020002;
                var odd = ((a >> 8) & 0x00FF00FF) + ((b >> 8) & 0x00FF00FF) + ((c >> 8) & 0x00FF00FF) + ((d >> 8) & 0x00FF00FF) + 0x00020002;
                output[x] = ((even >> 2) & 0x00FF00FF) | (((odd >> 2) & 0x00FF00FF) << 8);
            }
        }

        target.NotifyPixelsChanged();
        return target;
    }

    // Adds each pair of neighbouring 32-bit lanes into the lower one (its 16-bit halves cannot carry over).
    private static Vector128<ulong> Fold(Vector128<uint> pairs)
    {
        var wide = pairs.AsUInt64();
        return wide + Vector128.ShiftRightLogical(wide, 32);
    }

    internal static SKBitmap BoxShrink(SKBitmap source, int width)
    {
        // Width, Height and RowBytes are calls into Skia each time: read them once, not per pixel.
        var (sourceWidth, sourceHeight, sourceStride) = (source.Width, source.Height, source.RowBytes / 4);
        width = Math.Clamp(width, 1, sourceWidth);
        var height = Math.Max(1, (int)Math.Round(sourceHeight * width / (double)sourceWidth));
        var target = new SKBitmap(new SKImageInfo(width, height, source.ColorType, ShrunkAlpha(source)));
        var src = MemoryMarshal.Cast<byte, uint>(source.GetPixelSpan());
        var dst = MemoryMarshal.Cast<byte, uint>(target.GetPixelSpan());
        var targetStride = target.RowBytes / 4;
        var columns = new int[sourceWidth];
        // How many source columns fall in each target column: with the rows in a band, the pixel count to divide by.
        var columnCounts = new int[width];
        for (var x = 0; x < sourceWidth; x++)
        {
            columns[x] = Math.Min(width - 1, (int)((long)x * width / sourceWidth));
            columnCounts[columns[x]]++;
        }

        // Per target column the four channels' sums, one 32-bit lane per byte of the pixel.
        var sums = new Vector128<uint>[width];
        var row = 0;
        var rows = 0;
        for (var y = 0; y < sourceHeight; y++)
        {
            var line = src.Slice(y * sourceStride, sourceWidth);
            for (var x = 0; x < line.Length; x++)
            {
                var bytes = Vector128.CreateScalarUnsafe(line[x]).AsByte();
                sums[columns[x]] += Vector128.WidenLower(Vector128.WidenLower(bytes));
            }

            rows++;
            var next = y + 1 == sourceHeight ? height : Math.Min(height - 1, (int)((long)(y + 1) * height / sourceHeight));
            if (next != row)
            {
                var output = dst.Slice(row * targetStride, width);
                for (var tx = 0; tx < width; tx++)
                {
                    // Integer division through float: the sums stay below 2^24, where float is exact, and a
                    // correctly rounded quotient of two such integers truncates to the integer quotient.
                    var n = Vector128.Create((float)Math.Max(1, columnCounts[tx] * rows));
                    var mean = Vector128.ConvertToInt32(Vector128.ConvertToSingle(sums[tx]) / n).AsUInt32();
                    output[tx] = mean.GetElement(0) | mean.GetElement(1) << 8 | mean.GetElement(2) << 16 | mean.GetElement(3) << 24;
                    // Emptied for the next band here, while it is in cache, rather than by clearing the whole array.
                    sums[tx] = Vector128<uint>.Zero;
                }

                rows = 0;
                row = next;
            }
        }

        target.NotifyPixelsChanged();
        return target;
    }
}

/// <summary>
/// One picture shrunk to several widths (the gallery preview and the score's feed sizes): the halvings
/// <see cref="Pixels.Shrink"/> makes on the way are made once and shared. Each width comes out exactly as
/// <see cref="Pixels.Shrink"/> would make it.
/// </summary>
internal sealed class Shrinks(SKBitmap source) : IDisposable
{
    // _halves[i] is the source halved i + 1 times.
    private readonly List<SKBitmap> _halves = [];

    public SKBitmap Source => source;

    public SKBitmap ToWidth(int width)
    {
        var current = source;
        var level = 0;
        while (current.Width >= Math.Max(2, width) * 2 && current.Height >= 2)
        {
            if (level == _halves.Count)
            {
                _halves.Add(Pixels.Halve(current));
            }

            current = _halves[level++];
        }

        return Pixels.BoxShrink(current, width);
    }

    public void Dispose()
    {
        foreach (var half in _halves)
        {
            half.Dispose();
        }

        _halves.Clear();
    }
}
