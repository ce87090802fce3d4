using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>
/// The vectorised shrink and the encoder's pixel copy against plain per-pixel arithmetic: the fast paths must give
/// exactly the bytes the simple ones give, at odd sizes where the vector loops hand over to their scalar tails.
/// </summary>
public sealed class PixelsTests
{
    [Theory]
    [InlineData(1280, 720, 360)]
    [InlineData(1280, 720, 480)]
    [InlineData(1280, 720, 168)]
    [InlineData(903, 1201, 451)]
    [InlineData(37, 19, 5)]
    [InlineData(2560, 1440, 1060)]
    public void Shrink_averages_every_source_pixel_exactly_like_the_reference(int width, int height, int target)
    {
        using var source = Noise(width, height, SKAlphaType.Premul, seed: width + target);

        using var shrunk = Pixels.Shrink(source, target);

        using var expected = ReferenceShrink(source, target);
        Assert.Equal((expected.Width, expected.Height), (shrunk.Width, shrunk.Height));
        Assert.Equal(expected.GetPixelSpan().ToArray(), shrunk.GetPixelSpan().ToArray());
    }

    [Fact]
    public void Shared_shrinks_give_each_width_as_a_shrink_of_its_own()
    {
        using var source = Noise(1280, 720, SKAlphaType.Opaque, seed: 7);
        using var shrinks = new Shrinks(source);

        using var preview = shrinks.ToWidth(480);
        using var feed = shrinks.ToWidth(360);

        using var alonePreview = Pixels.Shrink(source, 480);
        using var aloneFeed = Pixels.Shrink(source, 360);
        Assert.Equal(alonePreview.GetPixelSpan().ToArray(), preview.GetPixelSpan().ToArray());
        Assert.Equal(aloneFeed.GetPixelSpan().ToArray(), feed.GetPixelSpan().ToArray());
    }

    [Theory]
    [InlineData(1280, 720)]
    [InlineData(13, 7)]
    public void Png_keeps_every_opaque_pixel(int width, int height)
    {
        using var source = Noise(width, height, SKAlphaType.Opaque, seed: 11);

        var png = ImageEncoder.Encode(source, AssetFormat.Png, long.MaxValue);

        using var decoded = SKBitmap.Decode(png).Copy(Pixels.Type);
        Assert.Equal((width, height), (decoded.Width, decoded.Height));
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                Assert.Equal(source.GetPixel(x, y), decoded.GetPixel(x, y));
            }
        }
    }

    private static SKBitmap Noise(int width, int height, SKAlphaType alpha, int seed)
    {
        var bitmap = new SKBitmap(new SKImageInfo(width, height, Pixels.Type, alpha));
        var random = new Random(seed);
        var pixels = bitmap.GetPixelSpan();
        random.NextBytes(pixels);
        for (var i = 0; i < pixels.Length; i += 4)
        {
            // Premultiplied colour never exceeds its alpha; opaque bitmaps have alpha 255.
            var a = alpha == SKAlphaType.Opaque ? (byte)255 : pixels[i + Pixels.A];
            pixels[i + Pixels.A] = a;
            pixels[i + Pixels.R] = Math.Min(pixels[i + Pixels.R], a);
            pixels[i + Pixels.G] = Math.Min(pixels[i + Pixels.G], a);
            pixels[i + Pixels.B] = Math.Min(pixels[i + Pixels.B], a);
        }

        bitmap.NotifyPixelsChanged();
        return bitmap;
    }

    /// <summary>The box shrink written the slow, obvious way: halve while at least twice as wide, then bucket every pixel.</summary>
    private static SKBitmap ReferenceShrink(SKBitmap source, int width)
    {
        var (pixels, w, h) = (source.GetPixelSpan().ToArray(), source.Width, source.Height);
        while (w >= Math.Max(2, width) * 2 && h >= 2)
        {
            var (hw, hh) = (w / 2, h / 2);
            var half = new byte[hw * hh * 4];
            for (var y = 0; y < hh; y++)
            {
                for (var x = 0; x < hw; x++)
                {
                    for (var c = 0; c < 4; c++)
                    {
                        int At(int sx, int sy) => pixels[(sy * w + sx) * 4 + c];
                        var sum = At(2 * x, 2 * y) + At(2 * x + 1, 2 * y) + At(2 * x, 2 * y + 1) + At(2 * x + 1, 2 * y + 1);
                        half[(y * hw + x) * 4 + c] = (byte)((sum + 2) >> 2);
                    }
                }
            }

            (pixels, w, h) = (half, hw, hh);
        }

        width = Math.Clamp(width, 1, w);
        var height = Math.Max(1, (int)Math.Round(h * width / (double)w));
        var sums = new long[width * height * 4];
        var counts = new long[width * height];
        for (var y = 0; y < h; y++)
        {
            var row = Math.Min(height - 1, (int)((long)y * height / h));
            for (var x = 0; x < w; x++)
            {
                var bucket = row * width + Math.Min(width - 1, (int)((long)x * width / w));
                counts[bucket]++;
                for (var c = 0; c < 4; c++)
                {
                    sums[bucket * 4 + c] += pixels[(y * w + x) * 4 + c];
                }
            }
        }

        var target = new SKBitmap(new SKImageInfo(width, height, source.ColorType, SKAlphaType.Premul));
        var output = target.GetPixelSpan();
        for (var i = 0; i < sums.Length; i++)
        {
            output[i] = (byte)(sums[i] / Math.Max(1, counts[i / 4]));
        }

        target.NotifyPixelsChanged();
        return target;
    }
}
