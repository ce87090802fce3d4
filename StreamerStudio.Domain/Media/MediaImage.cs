using SkiaSharp;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Media;

/// <summary>A library picture ready to store: the re-encoded file, its preview, and what was measured of it.</summary>
public sealed record ProcessedMedia(
    byte[] File,
    AssetFormat Format,
    int Width,
    int Height,
    byte[] PreviewWebp,
    MediaKind Kind,
    float TransparentShare);

/// <summary>
/// Turns an upload into a library picture with the same checks as logos (<see cref="UploadedImage"/>): at most
/// <see cref="MaxBytes"/> read, the format by its magic bytes, <see cref="MaxSide"/> checked from the header
/// before decoding, a decode that must complete. What is stored is always a re-encode (metadata dropped): a subject
/// with real transparency as PNG, anything else as JPEG.
/// </summary>
public static class MediaImage
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxSide = 4096;
    public const string Accept = ".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp";

    /// <summary>Long side of the library's previews: sharp at card size on a 2× screen.</summary>
    public const int PreviewLongSide = 320;

    /// <summary>
    /// A subject has real transparency when at least this share of its pixels is mostly transparent (alpha below
    /// 128) and at least this share is mostly opaque: a cut-out, not an opaque picture that merely has an alpha
    /// channel (all 255), nor an empty one.
    /// </summary>
    public const float MinTransparentShare = 0.05f;

    private const string What = "pictures";

    public static async Task<ProcessedMedia> ProcessAsync(Stream upload, MediaKind requested, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);

        var bytes = await UploadedImage.ReadBoundedAsync(upload, MaxBytes, What,
            "That file is empty. Choose a screenshot or a cut-out as a PNG, JPEG or WebP image.", cancellationToken);
        if (ImageSniffer.Detect(bytes.Span) is null)
        {
            throw new RequestRefusedException(UploadedImage.LooksLikeSvg(bytes.Span)
                ? "SVG files aren't accepted in the media library. Export the picture as a PNG (keep the transparent background for a cut-out) and upload that."
                : "This file is not a PNG, JPEG or WebP image. Export it in one of those formats and upload it again.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var data = SKData.CreateCopy(bytes.Span);
        using var codec = UploadedImage.OpenHeader(data);
        UploadedImage.CheckDimensions(codec.Info.Width, codec.Info.Height, MaxSide, What);

        cancellationToken.ThrowIfCancellationRequested();
        using var decoded = UploadedImage.Decode(codec);
        var transparentShare = TransparentShare(decoded);
        var kind = requested == MediaKind.Subject && HasRealTransparency(decoded, transparentShare) ? MediaKind.Subject : MediaKind.Screenshot;
        using var oriented = UploadedImage.OrientAndShrink(decoded, codec.EncodedOrigin, MaxSide);

        var format = kind == MediaKind.Subject ? AssetFormat.Png : AssetFormat.Jpeg;
        using var encoded = (kind == MediaKind.Subject
            ? oriented.Encode(SKEncodedImageFormat.Png, 100)
            : oriented.Encode(SKEncodedImageFormat.Jpeg, 90)) ?? throw new RequestRefusedException(UploadedImage.DamagedMessage);
        return new ProcessedMedia(encoded.ToArray(), format, oriented.Width, oriented.Height, Preview(oriented), kind, transparentShare);
    }

    /// <summary>The share of pixels with alpha below 128; 0 for a picture without an alpha channel.</summary>
    public static float TransparentShare(SKBitmap bitmap)
    {
        if (bitmap.AlphaType == SKAlphaType.Opaque)
        {
            return 0;
        }

        var pixels = bitmap.GetPixelSpan();
        long transparent = 0;
        // Rgba8888: alpha is every fourth byte.
        for (var i = 3; i < pixels.Length; i += 4)
        {
            if (pixels[i] < 128)
            {
                transparent++;
            }
        }

        return transparent / (float)((long)bitmap.Width * bitmap.Height);
    }

    private static bool HasRealTransparency(SKBitmap bitmap, float transparentShare) =>
        transparentShare >= MinTransparentShare && 1 - transparentShare >= MinTransparentShare && bitmap.AlphaType != SKAlphaType.Opaque;

    /// <summary>What the upload's verdict says, in words a creator can act on.</summary>
    public static string Verdict(MediaKind requested, MediaKind stored, float transparentShare) => (requested, stored) switch
    {
        (MediaKind.Subject, MediaKind.Subject) =>
            $"This cut-out has transparency ({transparentShare:P0} of it is see-through), so it can stand beside your headline.",
        (MediaKind.Subject, _) =>
            "This picture has no real transparency (its background is solid), so it is kept as a background only. " +
            "To use it as a cut-out, remove the background in your editor and export it as a PNG or WebP with transparency.",
        _ => "Saved as a background: it goes behind the text.",
    };

    /// <summary>A small WebP of the picture, alpha kept, at most <see cref="PreviewLongSide"/> on its long side.</summary>
    private static byte[] Preview(SKImage image)
    {
        var scale = Math.Min(1f, PreviewLongSide / (float)Math.Max(image.Width, image.Height));
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul, SKColorSpace.CreateSrgb()))
            ?? throw new RequestRefusedException(UploadedImage.DamagedMessage);
        surface.Canvas.Clear(SKColors.Transparent);
        surface.Canvas.DrawImage(image, new SKRect(0, 0, width, height), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        using var snapshot = surface.Snapshot();
        using var webp = snapshot.Encode(SKEncodedImageFormat.Webp, 80) ?? throw new RequestRefusedException(UploadedImage.DamagedMessage);
        return webp.ToArray();
    }
}
