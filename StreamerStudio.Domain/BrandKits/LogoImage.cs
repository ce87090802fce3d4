using SkiaSharp;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Media;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>A logo ready to store: PNG bytes (alpha kept) and its size in pixels, EXIF orientation already applied.</summary>
public sealed record ProcessedLogo(byte[] Png, int Width, int Height);

/// <summary>
/// Turns an uploaded logo into a safe PNG. Every check that can refuse runs before the pixels are decoded, cheapest
/// first: the byte count (at most <see cref="MaxBytes"/> + 1 bytes are ever read), the magic bytes (never the file
/// name or content type), then the dimensions from the header, so a decompression bomb (a 100 KB PNG that claims
/// 50,000 × 50,000) is refused before any memory of that size is allocated. A refusal is a
/// <see cref="RequestRefusedException"/> whose message a creator can act on.
/// </summary>
/// <remarks>
/// What gets stored is always Skia's re-encode, never the uploaded bytes, so anything riding along (EXIF with GPS,
/// text chunks, HTML appended to make a PNG polyglot) is dropped. Callers reading an <c>IBrowserFile</c> must open it
/// with a maxAllowedSize above <see cref="MaxBytes"/> (its default of 500 KB throws first, with no creator message).
/// </remarks>
public static class LogoImage
{
    public const int MaxBytes = 5 * 1024 * 1024;

    /// <summary>For the file picker's accept attribute: a hint to the browser; the content is what gets checked.</summary>
    public const string Accept = ".png,.jpg,.jpeg,.webp,image/png,image/jpeg,image/webp";
    public const int MaxSide = 4096;

    /// <summary>Redundant with <see cref="MaxSide"/> today; kept as its own check so raising the side limit never lets pixel counts run away.</summary>
    public const long MaxPixels = (long)MaxSide * MaxSide;

    /// <summary>Stored logos are at most this on the long side: renders draw them a few hundred pixels wide, and it keeps the PNG small.</summary>
    public const int StoredMaxSide = 1024;

    internal const string DamagedMessage = UploadedImage.DamagedMessage;

    public static async Task<ProcessedLogo> ProcessAsync(Stream upload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upload);

        var bytes = await UploadedImage.ReadBoundedAsync(upload, MaxBytes, "logos",
            "That file is empty. Choose your logo as a PNG, JPEG or WebP image.", cancellationToken);
        if (ImageSniffer.Detect(bytes.Span) is null)
        {
            throw new RequestRefusedException(LooksLikeSvg(bytes.Span)
                ? "SVG files aren't accepted as logos. Export your logo as a PNG (a transparent background works best) and upload that."
                : "This file is not a PNG, JPEG or WebP image. Export your logo in one of those formats and upload it again.");
        }

        cancellationToken.ThrowIfCancellationRequested();
        using var data = SKData.CreateCopy(bytes.Span);
        // SKCodec.Create parses the header only (IHDR for PNG, SOF for JPEG, VP8 for WebP); no pixel buffer exists until GetPixels.
        using var codec = UploadedImage.OpenHeader(data);
        CheckDimensions(codec.Info.Width, codec.Info.Height);

        cancellationToken.ThrowIfCancellationRequested();
        using var decoded = UploadedImage.Decode(codec);
        using var oriented = UploadedImage.OrientAndShrink(decoded, codec.EncodedOrigin, StoredMaxSide);
        using var png = oriented.Encode(SKEncodedImageFormat.Png, 100) ?? throw new RequestRefusedException(DamagedMessage);
        return new ProcessedLogo(png.ToArray(), oriented.Width, oriented.Height);
    }

    /// <summary>Refuses sizes that are impossible or too large to decode; shared with the palette extractor.</summary>
    internal static void CheckDimensions(int width, int height) => UploadedImage.CheckDimensions(width, height, MaxSide, "logos");

    /// <summary>Only used to choose the message: anything that is not PNG, JPEG or WebP is refused either way.</summary>
    internal static bool LooksLikeSvg(ReadOnlySpan<byte> bytes) => UploadedImage.LooksLikeSvg(bytes);
}
