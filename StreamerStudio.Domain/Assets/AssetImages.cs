using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Assets;

/// <summary>Gallery previews and format conversion of delivered files (SkiaSharp).</summary>
public static class AssetImages
{
    /// <summary>Long side of gallery previews: sharp on a 2× screen at card size, a few KB each.</summary>
    public const int PreviewLongSide = 480;

    /// <summary>
    /// The preview's storage key, beside the file's and named for the preview's format (JPEG for an opaque picture,
    /// WebP where there is transparency to keep), so the key alone says how to serve it.
    /// </summary>
    public static string PreviewKeyFor(string storageKey, byte[] preview) =>
        storageKey + (FormatOf(preview) == AssetFormat.Jpeg ? JpegPreview : WebpPreview);

    /// <summary>Every key a preview of this file may have (earlier previews were all WebP): for deleting what is there.</summary>
    public static IReadOnlyList<string> PreviewKeysFor(string storageKey) => [storageKey + WebpPreview, storageKey + JpegPreview];

    /// <summary>The content type of preview bytes made here.</summary>
    public static string ContentTypeOf(byte[] preview) => GenerationService.ContentType(FormatOf(preview));

    /// <summary>The content type a stored preview is served with, from its key.</summary>
    public static string PreviewContentType(string previewKey) =>
        GenerationService.ContentType(previewKey.EndsWith(JpegPreview, StringComparison.Ordinal) ? AssetFormat.Jpeg : AssetFormat.Webp);

    private static AssetFormat FormatOf(byte[] preview) => ImageSniffer.Detect(preview) == AssetFormat.Jpeg ? AssetFormat.Jpeg : AssetFormat.Webp;

    private const string WebpPreview = ".preview.webp";
    private const string JpegPreview = ".preview.jpg";

    /// <summary>
    /// A picture at most <see cref="PreviewLongSide"/> on its long side: a JPEG when it is opaque, a WebP when it has
    /// transparency to keep. At 480×270 libjpeg-turbo takes well under a millisecond where libwebp, even at its
    /// fastest effort, takes about three (bench/RenderVsChromium's profile); this is on every render's path.
    /// </summary>
    public static byte[] Preview(byte[] original)
    {
        using var bitmap = Decode(original);
        return Preview(bitmap);
    }

    /// <summary>The preview of pixels already in memory: the renderer's, so a new asset is not decoded again.</summary>
    internal static byte[] Preview(SKBitmap bitmap)
    {
        using var ordered = bitmap.ColorType == Pixels.Type ? null : bitmap.Copy(Pixels.Type);
        using var shrinks = new Shrinks(ordered ?? bitmap);
        return Preview(shrinks);
    }

    /// <summary>The preview from the renderer's shrinks, which the score shrinks the same pixels with.</summary>
    internal static byte[] Preview(Shrinks pixels)
    {
        var source = pixels.Source;
        var scale = Math.Min(1f, (float)PreviewLongSide / Math.Max(source.Width, source.Height));
        using var small = pixels.ToWidth(Math.Max(1, (int)(source.Width * scale)));
        return small.AlphaType == SKAlphaType.Opaque ? ImageEncoder.Jpeg(small, 82) : ImageEncoder.Webp(small, 78);
    }

    /// <summary>
    /// The file in another format, within <paramref name="maxBytes"/> (JPEG and WebP step their quality down).
    /// JPEG has no transparency, so transparent parts become white.
    /// </summary>
    public static byte[] Convert(byte[] original, AssetFormat format, long maxBytes)
    {
        using var bitmap = Decode(original);
        using var surface = SKSurface.Create(new SKImageInfo(bitmap.Width, bitmap.Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        surface.Canvas.Clear(format == AssetFormat.Jpeg ? SKColors.White : SKColors.Transparent);
        surface.Canvas.DrawBitmap(bitmap, 0, 0);
        using var image = surface.Snapshot();
        if (format == AssetFormat.Png)
        {
            return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        }

        var encoding = format == AssetFormat.Jpeg ? SKEncodedImageFormat.Jpeg : SKEncodedImageFormat.Webp;
        byte[] bytes = [];
        for (var quality = 92; quality >= 30; quality -= 8)
        {
            bytes = image.Encode(encoding, quality).ToArray();
            if (bytes.Length <= maxBytes)
            {
                break;
            }
        }

        return bytes;
    }

    private static SKBitmap Decode(byte[] bytes) =>
        SKBitmap.Decode(bytes) ?? throw new InvalidDataException("The stored asset could not be read as an image.");
}
