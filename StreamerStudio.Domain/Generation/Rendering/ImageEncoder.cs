using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>The platform would refuse the file: it cannot be made small enough in the format asked for.</summary>
public sealed class AssetTooLargeException(string message) : Exception(message);

/// <summary>
/// Encodes to the requested format within the platform's byte limit. JPEG and WebP step their quality down;
/// PNG is lossless, so it first compresses harder, then reduces colour depth (posterise with ordered dither:
/// invisible on flat designs, and deflate compresses the result far better), and gives up with a message
/// pointing to JPEG or WebP.
/// All three go through libvips (libjpeg-turbo, libspng, libwebp), from one RGB(A) copy of the pixels: for a
/// 1280×720 thumbnail about 7.5 CPU ms for JPEG q92, 8 for PNG (zlib level 2, no filter) and 39 for WebP q92 at
/// effort 0, against Skia's ~20, ~15 and ~105 (bench/RenderBench --encoders prints each). Effort 0 is libwebp's
/// fastest method: same quality setting, about 15 % larger files than effort 2 for a fifth less time. The PNG
/// fallbacks past the size limit (harder compression, fewer colours) stay with Skia: rare, and not time-critical.
/// WebP starts at quality 88, JPEG at 92: at effort 0 libwebp picks 4×4 rather than 16×16 prediction for more of a
/// flat design's blocks from quality 89 up (its cut-off, 8 + 9 × quality / 100, steps from 15 to 16 there), which
/// cost a 2560×1440 banner half as much time again (74 against 50 CPU ms) for 0.46 dB (46.5 against 46.0 dB PSNR,
/// where JPEG q92 gives 46.6 at 2.3 times the bytes; bench/RenderBench --encoders --banner).
/// </summary>
internal static class ImageEncoder
{
    static ImageEncoder()
    {
        // One render is one thread's work (a worker per core); libvips' own thread pool and operation cache
        // would only compete with the other worker.
        NetVips.NetVips.Concurrency = 1;
        NetVips.Cache.Max = 0;
    }

    public static byte[] Encode(SKBitmap bitmap, AssetFormat format, long maxBytes)
    {
        if (format == AssetFormat.Png)
        {
            using var pixmap = bitmap.PeekPixels();
            return Png(bitmap, pixmap, maxBytes);
        }

        if (format == AssetFormat.Jpeg && bitmap.AlphaType != SKAlphaType.Opaque)
        {
            throw new ArgumentException("JPEG has no transparency; a transparent design is made as PNG or WebP.", nameof(bitmap));
        }

        using var image = Vips(bitmap);
        return format == AssetFormat.Jpeg
            ? Lossy(92, quality => SaveJpeg(image, quality), format, maxBytes)
            : Lossy(88, quality => image.WebpsaveBuffer(q: quality, effort: 0), format, maxBytes);
    }

    /// <summary>A JPEG of an opaque picture at one quality, whatever its size: gallery previews.</summary>
    public static byte[] Jpeg(SKBitmap bitmap, int quality)
    {
        if (bitmap.AlphaType != SKAlphaType.Opaque)
        {
            throw new ArgumentException("JPEG has no transparency; a transparent picture's preview is a WebP.", nameof(bitmap));
        }

        using var image = Vips(bitmap);
        return SaveJpeg(image, quality);
    }

    private static byte[] SaveJpeg(NetVips.Image image, int quality) =>
        image.JpegsaveBuffer(q: quality, subsampleMode: NetVips.Enums.ForeignSubsample.On);

    /// <summary>
    /// A WebP at one quality, whatever its size: gallery previews of transparent pictures. Effort 0, libwebp's
    /// fastest: a 480×270 preview took 8 ms against 11.6 ms at effort 2 here, a few hundred bytes larger.
    /// </summary>
    public static byte[] Webp(SKBitmap bitmap, int quality)
    {
        using var image = Vips(bitmap);
        return image.WebpsaveBuffer(q: quality, effort: 0);
    }

    /// <summary>
    /// The bitmap (in the renderer's <see cref="Pixels"/> order) as a libvips image: three bands RGB when opaque,
    /// else four with the alpha unpremultiplied, as image files store it. The image wraps this thread's
    /// <see cref="Buffer"/> without a copy, so it must be disposed before the thread converts another bitmap.
    /// </summary>
    internal static NetVips.Image Vips(SKBitmap bitmap)
    {
        var (width, height, stride) = (bitmap.Width, bitmap.Height, bitmap.RowBytes);
        var bands = bitmap.AlphaType == SKAlphaType.Opaque ? 3 : 4;
        var source = bitmap.GetPixelSpan();
        var size = width * height * bands;
        var pixels = Buffer(size);
        for (var y = 0; y < height; y++)
        {
            var line = source.Slice(y * stride, width * 4);
            var output = pixels.AsSpan(y * width * bands, width * bands);
            if (bands == 3)
            {
                ToRgb(line, output);
                continue;
            }

            for (int x = 0, o = 0; x < line.Length; x += 4, o += bands)
            {
                byte r = line[x + Pixels.R], g = line[x + Pixels.G], b = line[x + Pixels.B];
                var a = line[x + Pixels.A];
                output[o + 3] = a;
                if (a is not (0 or 255))
                {
                    (r, g, b) = ((byte)Math.Min(255, r * 255 / a), (byte)Math.Min(255, g * 255 / a), (byte)Math.Min(255, b * 255 / a));
                }

                output[o] = r;
                output[o + 1] = g;
                output[o + 2] = b;
            }
        }

        return NetVips.Image.NewFromMemory(Marshal.UnsafeAddrOfPinnedArrayElement(pixels, 0), (ulong)size, width, height, bands, NetVips.Enums.BandFormat.Uchar);
    }

    // A pinned buffer per thread, reused: a 1280×720 RGB copy is 2.7 MB, which would otherwise be a new large-object
    // allocation (and a gen-2 collection now and then) for every render.
    [ThreadStatic]
    private static byte[]? t_buffer;

    private static byte[] Buffer(int size)
    {
        if (t_buffer is null || t_buffer.Length < size)
        {
            t_buffer = GC.AllocateUninitializedArray<byte>(size, pinned: true);
        }

        return t_buffer;
    }

    /// <summary>One opaque row from the renderer's four bytes a pixel to RGB: four pixels per byte shuffle where the CPU has one.</summary>
    private static void ToRgb(ReadOnlySpan<byte> line, Span<byte> output)
    {
        var x = 0;
        var o = 0;
        if (Ssse3.IsSupported)
        {
            var order = RgbShuffle;
            // Each step writes 16 bytes of which 12 are kept; the next step overwrites the other 4, so stop while
            // 16 bytes still fit in the row.
            for (; x + 16 <= line.Length && o + 16 <= output.Length; x += 16, o += 12)
            {
                Ssse3.Shuffle(Vector128.Create(line.Slice(x, 16)), order).CopyTo(output.Slice(o, 16));
            }
        }

        for (; x < line.Length; x += 4, o += 3)
        {
            output[o] = line[x + Pixels.R];
            output[o + 1] = line[x + Pixels.G];
            output[o + 2] = line[x + Pixels.B];
        }
    }

    private static readonly Vector128<byte> RgbShuffle = Vector128.Create(
        (byte)Pixels.R, Pixels.G, (byte)Pixels.B, (byte)(4 + Pixels.R), 4 + Pixels.G, (byte)(4 + Pixels.B),
        (byte)(8 + Pixels.R), 8 + Pixels.G, (byte)(8 + Pixels.B), (byte)(12 + Pixels.R), 12 + Pixels.G, (byte)(12 + Pixels.B),
        0x80, 0x80, 0x80, 0x80);

    private static byte[] Lossy(int startQuality, Func<int, byte[]> encode, AssetFormat format, long maxBytes)
    {
        long smallest = long.MaxValue;
        for (var quality = startQuality; quality >= 26; quality -= 6)
        {
            var data = encode(quality);
            if (data.Length <= maxBytes)
            {
                return data;
            }

            smallest = Math.Min(smallest, data.Length);
        }

        throw TooLarge(format, smallest, maxBytes);
    }

    private static byte[] Png(SKBitmap bitmap, SKPixmap pixmap, long maxBytes)
    {
        // First try: libvips (libspng) at zlib level 2 with no row filter. On the 1280×720 thumbnails that took
        // about 8 CPU ms and came out ~10 % smaller than Skia's best fast setting (Sub filter, level 3: 15 ms);
        // the flat shapes and long gradient runs of these designs compress well without a filter
        // (bench/RenderBench --encoders).
        using (var image = Vips(bitmap))
        {
            var data = image.PngsaveBuffer(compression: 2, filter: NetVips.Enums.ForeignPngFilter.None);
            if (data.Length <= maxBytes)
            {
                return data;
            }
        }

        long smallest = long.MaxValue;
        foreach (var bits in (int[])[8, 6, 5, 4])
        {
            using var reduced = bits == 8 ? null : Posterise(bitmap, bits);
            using var reducedPixels = reduced?.PeekPixels();
            using var data = (reducedPixels ?? pixmap).Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.Sub, 9))
                ?? throw new InvalidOperationException("Skia could not encode PNG.");
            if (data.Size <= maxBytes)
            {
                return data.ToArray();
            }

            smallest = Math.Min(smallest, data.Size);
        }

        throw TooLarge(AssetFormat.Png, smallest, maxBytes);
    }

    private static SKBitmap Posterise(SKBitmap source, int bits)
    {
        var copy = source.Copy();
        var pixels = copy.GetPixelSpan();
        var stride = copy.RowBytes;
        var levels = (1 << bits) - 1;
        ReadOnlySpan<int> bayer = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5];
        for (var y = 0; y < copy.Height; y++)
        {
            for (var x = 0; x < copy.Width; x++)
            {
                var threshold = (bayer[(y & 3) * 4 + (x & 3)] + 0.5f) / 16f;
                var i = y * stride + x * 4;
                for (var c = 0; c < 3; c++)
                {
                    var v = pixels[i + c] / 255f * levels;
                    var q = (int)v + (v - (int)v > threshold ? 1 : 0);
                    var value = (byte)Math.Round(Math.Min(q, levels) * 255f / levels);
                    // Premultiplied pixels must not exceed their alpha.
                    pixels[i + c] = Math.Min(value, pixels[i + 3]);
                }
            }
        }

        copy.NotifyPixelsChanged();
        return copy;
    }

    private static AssetTooLargeException TooLarge(AssetFormat format, long smallest, long maxBytes)
    {
        var advice = format == AssetFormat.Png ? "Choose JPEG or WebP, or a simpler background." : "Choose a simpler background.";
        return new(string.Create(CultureInfo.InvariantCulture,
            $"The {format.ToString().ToUpperInvariant()} comes out at {smallest / 1048576.0:0.0} MB even at its smallest, over the platform's {maxBytes / 1048576.0:0.#} MB limit. {advice}"));
    }
}
