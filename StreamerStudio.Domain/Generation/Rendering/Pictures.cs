using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>A cut-out subject (a face, a character) with what the layouts need to know about it.</summary>
/// <param name="Opaque">The part of the image that has any alpha, in image pixels: transparent margins are not the subject.</param>
/// <param name="Key">The part that must stay visible (the face), as fractions of <paramref name="Opaque"/>.</param>
internal sealed record Picture(SKBitmap Bitmap, SKRectI Opaque, SKRect Key) : IDisposable
{
    /// <summary>
    /// Measures a cut-out. The key area is centred on the focal point: the given one, else the alpha-weighted
    /// centroid of the top half of the opaque extent (cut-outs of people and characters have the face up there).
    /// </summary>
    public static Picture Cutout(SKBitmap bitmap, FocalPoint? focus)
    {
        var opaque = Focus.OpaqueExtent(bitmap);
        var focal = focus is { } f
            ? new SKPoint(Math.Clamp((f.X * bitmap.Width - opaque.Left) / Math.Max(1, opaque.Width), 0, 1), Math.Clamp((f.Y * bitmap.Height - opaque.Top) / Math.Max(1, opaque.Height), 0, 1))
            : Focus.UpperCentroid(bitmap, opaque);
        // About a head: 44% of the width and 30% of the height of a standing or half figure.
        const float halfW = 0.22f, halfH = 0.15f;
        var x = Math.Clamp(focal.X, halfW, 1 - halfW);
        var y = Math.Clamp(focal.Y, halfH, 1 - halfH);
        return new Picture(bitmap, opaque, new SKRect(x - halfW, y - halfH, x + halfW, y + halfH));
    }

    public float Aspect => Opaque.Width / (float)Math.Max(1, Opaque.Height);

    public void Dispose() => Bitmap.Dispose();
}

/// <summary>Focal-point estimates: where the important part of a picture is when nobody said.</summary>
internal static class Focus
{
    /// <summary>
    /// The centroid of edge energy (luminance gradients, squared so strong detail dominates flat sky or walls),
    /// measured on a 64-pixel-wide copy and pulled a third of the way to the centre: a guess, so a cautious one.
    /// </summary>
    public static FocalPoint OfPicture(SKBitmap bitmap)
    {
        const int width = 64;
        var height = Math.Max(2, (int)Math.Round(bitmap.Height * width / (double)bitmap.Width));
        using var small = bitmap.Resize(new SKImageInfo(width, height, Pixels.Type, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        if (small is null)
        {
            return new FocalPoint(0.5f, 0.5f);
        }

        var pixels = small.GetPixelSpan();
        var stride = small.RowBytes;
        var lum = new float[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * stride + x * 4;
                lum[y * width + x] = (0.2126f * pixels[i + Pixels.R] + 0.7152f * pixels[i + Pixels.G] + 0.0722f * pixels[i + Pixels.B]) / 255f;
            }
        }

        double sx = 0, sy = 0, sum = 0;
        for (var y = 1; y < height - 1; y++)
        {
            for (var x = 1; x < width - 1; x++)
            {
                var gx = lum[y * width + x + 1] - lum[y * width + x - 1];
                var gy = lum[(y + 1) * width + x] - lum[(y - 1) * width + x];
                var e = gx * gx + gy * gy;
                sx += e * x;
                sy += e * y;
                sum += e;
            }
        }

        if (sum < 1e-6)
        {
            return new FocalPoint(0.5f, 0.5f);
        }

        var fx = (float)(sx / sum / (width - 1));
        var fy = (float)(sy / sum / (height - 1));
        return new FocalPoint(0.5f + (fx - 0.5f) * 0.67f, 0.5f + (fy - 0.5f) * 0.67f);
    }

    /// <summary>The bounding box of pixels with alpha above 24 (of 255), sampled every other pixel.</summary>
    public static SKRectI OpaqueExtent(SKBitmap bitmap)
    {
        var pixels = bitmap.GetPixelSpan();
        var (width, height, stride) = (bitmap.Width, bitmap.Height, bitmap.RowBytes);
        int left = width, top = height, right = -1, bottom = -1;
        for (var y = 0; y < height; y += 2)
        {
            for (var x = 0; x < width; x += 2)
            {
                if (pixels[y * stride + x * 4 + Pixels.A] > 24)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                    top = Math.Min(top, y);
                    bottom = Math.Max(bottom, y);
                }
            }
        }

        return right < 0
            ? new SKRectI(0, 0, bitmap.Width, bitmap.Height)
            : new SKRectI(left, top, Math.Min(width, right + 2), Math.Min(height, bottom + 2));
    }

    /// <summary>The alpha-weighted centroid of the upper half of the opaque extent, as fractions of that extent.</summary>
    public static SKPoint UpperCentroid(SKBitmap bitmap, SKRectI opaque)
    {
        var pixels = bitmap.GetPixelSpan();
        var stride = bitmap.RowBytes;
        double sx = 0, sy = 0, sum = 0;
        var step = Math.Max(1, opaque.Width / 160);
        for (var y = opaque.Top; y < opaque.Top + opaque.Height / 2; y += step)
        {
            for (var x = opaque.Left; x < opaque.Right; x += step)
            {
                var a = pixels[y * stride + x * 4 + Pixels.A];
                sx += a * (x - opaque.Left);
                sy += a * (y - opaque.Top);
                sum += a;
            }
        }

        return sum == 0
            ? new SKPoint(0.5f, 0.25f)
            : new SKPoint((float)(sx / sum / Math.Max(1, opaque.Width)), (float)(sy / sum / Math.Max(1, opaque.Height)));
    }
}
