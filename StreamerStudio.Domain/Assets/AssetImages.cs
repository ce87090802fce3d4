using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Assets;

/// <summary>Gallery previews and format conversion of delivered files (SkiaSharp).</summary>
public static class AssetImages
{
    /// <summary>Long side of gallery previews: sharp on a 2× screen at card size, a few KB each.</summary>
    public const int PreviewLongSide = 480;

    public static string PreviewKeyFor(string storageKey) => storageKey + ".preview.webp";

    /// <summary>A WebP at most <see cref="PreviewLongSide"/> on its long side, transparency kept.</summary>
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
        return ImageEncoder.Webp(small, 78);
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
