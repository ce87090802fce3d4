using System.Globalization;
using System.Text;
using SkiaSharp;

namespace StreamerStudio.Domain.Media;

/// <summary>
/// The byte-level checks every uploaded picture goes through (brand kit logos and the media library alike), in
/// the order that keeps a hostile file cheap: a bounded read, the format by its magic bytes, the size from the
/// header before any pixel is decoded, then a decode that must succeed completely. Each caller sets its own
/// limits and wording (<c>what</c> is the plural the messages use: "logos", "pictures").
/// </summary>
public static class UploadedImage
{
    private const double Megabyte = 1024 * 1024;

    public const string DamagedMessage = "That image seems damaged or incomplete. Open it in your editor, export it again as a PNG and upload the new file.";

    /// <summary>Opens the header only (IHDR for PNG, SOF for JPEG, VP8 for WebP): no pixel buffer exists until <see cref="Decode"/>.</summary>
    public static SKCodec OpenHeader(SKData data) => SKCodec.Create(data) ?? throw new RequestRefusedException(DamagedMessage);

    /// <summary>Refuses sizes that are impossible, or larger than <paramref name="maxSide"/> on either side, before decoding.</summary>
    public static void CheckDimensions(int width, int height, int maxSide, string what)
    {
        if (width <= 0 || height <= 0)
        {
            throw new RequestRefusedException(DamagedMessage);
        }

        if (width > maxSide || height > maxSide || (long)width * height > (long)maxSide * maxSide)
        {
            throw new RequestRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"That image is {width:N0} × {height:N0} pixels; {what} can be at most {maxSide:N0} × {maxSide:N0}. Export a smaller version and upload that."));
        }
    }

    /// <summary>
    /// Reads the whole upload but never more than <paramref name="maxBytes"/> + 1 bytes, whatever the stream claims. A claimed
    /// length is only a hint: it sizes the first buffer and lets an oversized file be refused without reading it.
    /// Buffers grow in chunks, so a refused oversized upload costs about <paramref name="maxBytes"/>, never a copy on top.
    /// </summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(Stream upload, int maxBytes, string what, string emptyMessage,
        CancellationToken cancellationToken)
    {
        var limit = maxBytes + 1;
        var claimed = ClaimedLength(upload);
        if (claimed > maxBytes)
        {
            throw new RequestRefusedException(TooLargeMessage(claimed, maxBytes, what));
        }

        var chunks = new List<byte[]>();
        var total = 0;
        var chunkSize = claimed >= 0 ? (int)claimed + 1 : 64 * 1024;
        while (total < limit)
        {
            var chunk = new byte[Math.Min(chunkSize, limit - total)];
            var filled = 0;
            while (filled < chunk.Length)
            {
                var read = await upload.ReadAsync(chunk.AsMemory(filled), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                filled += read;
            }

            chunks.Add(chunk);
            total += filled;
            if (filled < chunk.Length)
            {
                break;
            }

            chunkSize = Math.Clamp(chunkSize * 2, 64 * 1024, 1024 * 1024);
        }

        if (total > maxBytes)
        {
            // The stream ended up longer than it claimed (or claimed nothing): the true size is unknown, and finding it would mean reading on.
            throw new RequestRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"That file is over {maxBytes / Megabyte:0.#} MB; {what} can be up to {maxBytes / Megabyte:0.#} MB."));
        }

        if (total == 0)
        {
            throw new RequestRefusedException(emptyMessage);
        }

        if (chunks.Count == 1)
        {
            return chunks[0].AsMemory(0, total);
        }

        var whole = new byte[total];
        var offset = 0;
        foreach (var chunk in chunks)
        {
            var count = Math.Min(chunk.Length, total - offset);
            chunk.AsSpan(0, count).CopyTo(whole.AsSpan(offset));
            offset += count;
        }

        return whole;
    }

    /// <summary>The bytes left in the stream if it says, else -1. Browser upload streams report a length without being seekable.</summary>
    private static long ClaimedLength(Stream upload)
    {
        try
        {
            return upload.CanSeek ? Math.Max(0, upload.Length - upload.Position) : upload.Length;
        }
        catch (NotSupportedException)
        {
            return -1;
        }
    }

    /// <summary>Rounded up to a tenth, so a file one byte over the limit reads "5.1 MB", never a puzzling "5.0 MB".</summary>
    private static string TooLargeMessage(long bytes, int maxBytes, string what) => string.Create(CultureInfo.InvariantCulture,
        $"That file is {Math.Ceiling(bytes / Megabyte * 10) / 10:0.0} MB; {what} can be up to {maxBytes / Megabyte:0.#} MB.");

    /// <summary>
    /// Text that opens with an SVG root or an XML declaration, after an optional BOM and whitespace. Only used to
    /// choose the message: anything that is not PNG, JPEG or WebP is refused either way.
    /// </summary>
    public static bool LooksLikeSvg(ReadOnlySpan<byte> bytes)
    {
        var head = bytes[..Math.Min(bytes.Length, 512)];
        string text;
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            text = Encoding.Unicode.GetString(head[2..]);
        }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            text = Encoding.BigEndianUnicode.GetString(head[2..]);
        }
        else
        {
            text = Encoding.UTF8.GetString(head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? head[3..] : head);
        }

        text = text.TrimStart();
        return text.StartsWith("<svg", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<!DOCTYPE svg", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// Decodes the first frame (an animated WebP or APNG keeps only that) into a bitmap of exactly the header's size,
    /// at most 4096 × 4096 × 4 bytes. Anything short of a full success, including IncompleteInput for a truncated
    /// file that Skia would otherwise fill with blank rows, is refused.
    /// </summary>
    public static SKBitmap Decode(SKCodec codec)
    {
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888,
            codec.Info.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul, SKColorSpace.CreateSrgb());
        var bitmap = new SKBitmap();
        try
        {
            if (!bitmap.TryAllocPixels(info) || codec.GetPixels(info, bitmap.GetPixels()) != SKCodecResult.Success)
            {
                throw new RequestRefusedException(DamagedMessage);
            }

            return bitmap;
        }
        catch
        {
            bitmap.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Applies the EXIF orientation (a phone photo of a sticker comes out upright; Skia reads it from JPEG, and from
    /// WebP and PNG files that carry EXIF too, as browsers do) and shrinks the picture to
    /// <paramref name="maxSide"/> on its long side; smaller pictures are never enlarged.
    /// </summary>
    public static SKImage OrientAndShrink(SKBitmap source, SKEncodedOrigin origin, int maxSide)
    {
        var swapsSides = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var (width, height) = swapsSides ? (source.Height, source.Width) : (source.Width, source.Height);
        var scale = Math.Min(1f, maxSide / (float)Math.Max(width, height));
        var outWidth = Math.Max(1, (int)Math.Round(width * scale));
        var outHeight = Math.Max(1, (int)Math.Round(height * scale));

        if (origin == SKEncodedOrigin.TopLeft && scale >= 1f)
        {
            // Immutable, the image shares the decoded pixels instead of copying them (64 MB at 4096 × 4096); the
            // caller never changes the bitmap after this.
            source.SetImmutable();
            return SKImage.FromBitmap(source);
        }

        // An opaque source stays opaque, so a JPEG is stored as an RGB PNG without a useless alpha channel.
        var alphaType = source.AlphaType == SKAlphaType.Opaque ? SKAlphaType.Opaque : SKAlphaType.Premul;
        using var surface = SKSurface.Create(new SKImageInfo(outWidth, outHeight, SKColorType.Rgba8888, alphaType, SKColorSpace.CreateSrgb()))
            ?? throw new RequestRefusedException(DamagedMessage);
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.Transparent);
        canvas.Scale(outWidth / (float)width, outHeight / (float)height);
        canvas.Concat(OriginMatrix(origin, width, height));
        using var image = SKImage.FromBitmap(source);
        // Mipmaps average the pixels a big reduction skips; plain linear sampling would alias thin strokes and text.
        canvas.DrawImage(image, 0, 0, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        return surface.Snapshot();
    }

    /// <summary>Skia's SkEncodedOriginToMatrix: maps the stored pixels onto the upright picture of <paramref name="width"/> × <paramref name="height"/>.</summary>
    private static SKMatrix OriginMatrix(SKEncodedOrigin origin, int width, int height) => origin switch
    {
        SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, width, 0, 1, 0, 0, 0, 1),
        SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, width, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, height, 0, 0, 1),
        SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightTop => new SKMatrix(0, -1, width, 1, 0, 0, 0, 0, 1),
        SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, width, -1, 0, height, 0, 0, 1),
        SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, height, 0, 0, 1),
        _ => SKMatrix.Identity,
    };
}
