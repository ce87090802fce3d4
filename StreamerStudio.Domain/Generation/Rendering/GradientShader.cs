using System.Runtime.InteropServices;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Linear and radial gradients computed here and handed to Skia as an image shader over the area they fill.
/// Skia's own gradient shaders run its slow floating-point pipeline on these machines: a full 1280×720 fill took
/// 9–17 ms, against about 2 ms to compute the pixels here and 1–1.5 ms to draw them (bench/RenderBench --profile).
/// Colours are interpolated unpremultiplied and then premultiplied, as Skia does, through a 1,024-step table,
/// finer than the 256 levels a channel has. Outside the gradient's ends the end colours continue (clamp).
/// </summary>
internal static class GradientShader
{
    private const int Steps = 1024;

    /// <summary>A gradient from <paramref name="from"/> to <paramref name="to"/>, computed for the pixels of <paramref name="area"/>.</summary>
    public static SKShader Linear(SKRect area, SKPoint from, SKPoint to, SKColor[] colours, float[]? positions = null)
    {
        var table = Table(colours, positions);
        float dx = to.X - from.X, dy = to.Y - from.Y;
        var scale = (Steps - 1) / Math.Max(1e-6f, dx * dx + dy * dy);
        // Fixed point, 16 fractional bits: t grows by the same step along a row; each row's start is computed.
        var step = (int)(dx * scale * 65536);
        int StartOf(SKRectI bounds, int y) =>
            (int)(((bounds.Left + 0.5f - from.X) * dx + (bounds.Top + y + 0.5f - from.Y) * dy) * scale * 65536);

        // A gradient along one axis is the same in every row (or every column): one column (or row) of pixels,
        // which the shader's clamp stretches across the area, instead of computing and drawing every pixel.
        if (step == 0)
        {
            return Shader(area, columns: 1, fill: (bounds, pixels, stride) =>
            {
                for (var y = 0; y < bounds.Height; y++)
                {
                    pixels[y * stride] = table[Math.Clamp(StartOf(bounds, y) >> 16, 0, Steps - 1)];
                }
            });
        }

        if (dy == 0)
        {
            return Shader(area, rows: 1, fill: (bounds, pixels, _) => Row(pixels[..bounds.Width], StartOf(bounds, 0), step, table));
        }

        return Shader(area, (bounds, pixels, stride) =>
        {
            for (var y = 0; y < bounds.Height; y++)
            {
                Row(pixels.Slice(y * stride, bounds.Width), StartOf(bounds, y), step, table);
            }
        });
    }

    /// <summary>
    /// One row of a linear gradient: t starts at <paramref name="t"/> and grows by <paramref name="step"/> per pixel.
    /// The stretches before 0 and past the end are the end colours, filled without a lookup; between them no clamp.
    /// </summary>
    private static void Row(Span<uint> row, int t, int step, uint[] table)
    {
        // The index is t >> 16: below 0 while t < 0, past the table's end once t ≥ End. Rising, the row runs
        // from the first colour to the last; falling, the other way round. [first, end) is the part in between.
        const int End = Steps << 16;
        var (low, high) = step > 0
            ? (CrossAt(t, step, 0), CrossAt(t, step, End))
            : (CrossAt(-t, -step, 1 - End), CrossAt(-t, -step, 1));
        var first = Math.Clamp(low, 0, row.Length);
        var end = Math.Clamp(high, first, row.Length);
        row[..first].Fill(step > 0 ? table[0] : table[Steps - 1]);
        row[end..].Fill(step > 0 ? table[Steps - 1] : table[0]);
        t += first * step;
        for (var x = first; x < end; x++, t += step)
        {
            row[x] = table[t >> 16];
        }
    }

    /// <summary>The first x ≥ 0 at which start + x·step (step &gt; 0) reaches <paramref name="limit"/>.</summary>
    private static int CrossAt(int start, int step, int limit) =>
        start >= limit ? 0 : (int)Math.Min(int.MaxValue, ((long)limit - start + step - 1) / step);

    /// <summary>A circular gradient around <paramref name="centre"/>, computed for the pixels of <paramref name="area"/>.</summary>
    public static SKShader Radial(SKRect area, SKPoint centre, float radius, SKColor[] colours, float[]? positions = null)
    {
        var table = Table(colours, positions);
        var scale = (Steps - 1) / Math.Max(1e-6f, radius);
        return Shader(area, (bounds, pixels, stride) =>
        {
            for (var y = 0; y < bounds.Height; y++)
            {
                var row = pixels.Slice(y * stride, bounds.Width);
                var dy = bounds.Top + y + 0.5f - centre.Y;
                var dy2 = dy * dy;
                var dx = bounds.Left + 0.5f - centre.X;
                for (var x = 0; x < row.Length; x++, dx++)
                {
                    row[x] = table[Math.Min((int)(MathF.Sqrt(dx * dx + dy2) * scale), Steps - 1)];
                }
            }
        });
    }

    private delegate void Fill(SKRectI bounds, Span<uint> pixels, int stride);

    /// <summary>
    /// The computed pixels of <paramref name="area"/> as an image shader; with <paramref name="columns"/> or
    /// <paramref name="rows"/> set to 1, only the first column or row is computed and the clamp repeats it.
    /// </summary>
    private static SKShader Shader(SKRect area, Fill fill, int columns = 0, int rows = 0)
    {
        var bounds = new SKRectI((int)MathF.Floor(area.Left), (int)MathF.Floor(area.Top), (int)MathF.Ceiling(area.Right), (int)MathF.Ceiling(area.Bottom));
        if (bounds.Width <= 0 || bounds.Height <= 0)
        {
            return SKShader.CreateEmpty();
        }

        // The image shares the bitmap's pixels (immutable) and the shader holds the image: both can go now.
        using var bitmap = PixelMemory.NewBitmap(new SKImageInfo(columns > 0 ? columns : bounds.Width, rows > 0 ? rows : bounds.Height, Pixels.Type, SKAlphaType.Premul));
        fill(bounds, MemoryMarshal.Cast<byte, uint>(bitmap.GetPixelSpan()), bitmap.RowBytes / 4);
        bitmap.SetImmutable();
        using var image = SKImage.FromBitmap(bitmap);
        return image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, new SKSamplingOptions(SKFilterMode.Nearest),
            SKMatrix.CreateTranslation(bounds.Left, bounds.Top));
    }

    /// <summary>The colour at each of <see cref="Steps"/> points from 0 to 1, premultiplied, in the renderer's byte order.</summary>
    private static uint[] Table(SKColor[] colours, float[]? positions)
    {
        if (colours.Length == 0 || (positions is not null && positions.Length != colours.Length))
        {
            throw new ArgumentException("A gradient needs colours, and a position for each when positions are given.");
        }

        positions ??= colours.Length == 1 ? [0f] : colours.Select((_, i) => i / (float)(colours.Length - 1)).ToArray();
        var table = new uint[Steps];
        var stop = 0;
        for (var i = 0; i < Steps; i++)
        {
            var t = i / (float)(Steps - 1);
            while (stop < colours.Length - 2 && t > positions[stop + 1])
            {
                stop++;
            }

            var (a, b) = (colours[stop], colours[Math.Min(stop + 1, colours.Length - 1)]);
            var span = positions[Math.Min(stop + 1, positions.Length - 1)] - positions[stop];
            var f = span <= 0 ? (t >= positions[stop] ? 1 : 0) : Math.Clamp((t - positions[stop]) / span, 0, 1);
            var alpha = a.Alpha + (b.Alpha - a.Alpha) * f;
            var premul = alpha / 255f;
            table[i] = Pack(
                (byte)MathF.Round((a.Red + (b.Red - a.Red) * f) * premul),
                (byte)MathF.Round((a.Green + (b.Green - a.Green) * f) * premul),
                (byte)MathF.Round((a.Blue + (b.Blue - a.Blue) * f) * premul),
                (byte)MathF.Round(alpha));
        }

        return table;
    }

    private static uint Pack(byte r, byte g, byte b, byte a) =>
        (uint)r << (8 * Pixels.R) | (uint)g << (8 * Pixels.G) | (uint)b << (8 * Pixels.B) | (uint)a << (8 * Pixels.A);
}
