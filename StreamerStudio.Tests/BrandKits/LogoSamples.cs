using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace StreamerStudio.Tests.BrandKits;

/// <summary>Uploads built in code: real images from SkiaSharp, hand-made PNG headers, and streams that count what is read.</summary>
internal static class LogoSamples
{
    public static readonly SKColor Rose = SKColor.Parse("#E11D48");
    public static readonly SKColor Slate = SKColor.Parse("#1E293B");

    /// <summary>A rose disc on a transparent square: corners fully transparent, centre opaque.</summary>
    public static byte[] TransparentPng(int width, int height)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var paint = new SKPaint { Color = Rose, IsAntialias = true };
            canvas.DrawCircle(width / 2f, height / 2f, Math.Min(width, height) / 3f, paint);
        }

        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>Left half rose, right half slate, opaque.</summary>
    public static byte[] TwoTone(int width, int height, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(Slate);
            using var paint = new SKPaint { Color = Rose };
            canvas.DrawRect(0, 0, width / 2f, height, paint);
        }

        return Encode(bitmap, format, quality);
    }

    public static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality = 100)
    {
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>Pixels chosen by a function of (x, y), unpremultiplied, so alpha below 128 keeps its colour in the file.</summary>
    public static byte[] Pixels(int width, int height, Func<int, int, SKColor> colourAt)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        var span = bitmap.GetPixelSpan();
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = colourAt(x, y);
                var i = y * bitmap.RowBytes + x * 4;
                (span[i], span[i + 1], span[i + 2], span[i + 3]) = (c.Red, c.Green, c.Blue, c.Alpha);
            }
        }

        return Encode(bitmap, SKEncodedImageFormat.Png);
    }

    /// <summary>Coloured noise, so the PNG is large and every byte matters (cutting it anywhere loses pixels).</summary>
    public static byte[] NoisyPng(int width, int height, int seed)
    {
        var state = (uint)seed * 2654435761u + 1;
        return Pixels(width, height, (_, _) =>
        {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            return new SKColor((byte)state, (byte)(state >> 8), (byte)(state >> 16));
        });
    }

    /// <summary>
    /// A syntactically valid PNG that claims <paramref name="width"/> × <paramref name="height"/> RGB pixels: IHDR, one
    /// IDAT holding <paramref name="zeroMegabytes"/> MB of zlib-compressed zeros (about 1 KB per MB), IEND, all with
    /// correct CRCs. Decoding it would need width × height × 4 bytes.
    /// </summary>
    public static byte[] PngHeaderOnly(int width, int height, int zeroMegabytes = 0)
    {
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);

        var ihdr = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(ihdr, width);
        BinaryPrimitives.WriteInt32BigEndian(ihdr.AsSpan(4), height);
        ihdr[8] = 8; // bit depth
        ihdr[9] = 2; // colour type: truecolour; compression, filter and interlace stay 0
        WriteChunk(file, "IHDR", ihdr);

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            var zeros = new byte[1024 * 1024];
            for (var i = 0; i < zeroMegabytes; i++)
            {
                zlib.Write(zeros);
            }
        }

        WriteChunk(file, "IDAT", compressed.ToArray());
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    private static void WriteChunk(Stream file, string type, byte[] data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        file.Write(length);
        var typeAndData = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(typeAndData);
        Span<byte> crc = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeAndData));
        file.Write(crc);
    }

    /// <summary>The CRC-32 PNG chunks carry (ISO 3309, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>
    /// A JPEG with an EXIF APP1 segment carrying only the orientation tag (0x0112), inserted right after SOI, the
    /// way cameras and phones write it.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        var tiff = new byte[26];
        "II*\0"u8.CopyTo(tiff);
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(4), 8); // first IFD right after the header
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(8), 1); // one entry
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(10), 0x0112); // Orientation
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(12), 3); // SHORT
        BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(14), 1); // count
        BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(18), orientation);
        // bytes 22..25: next IFD offset 0
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[4 + payload.Length];
        (segment[0], segment[1]) = (0xFF, 0xE1);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(payload.Length + 2));
        payload.CopyTo(segment, 4);
        return jpeg[..2].Concat(segment).Concat(jpeg[2..]).ToArray();
    }
}

/// <summary>
/// A stream that cannot seek, will not say its length (or says a wrong one), and makes its bytes up as they are read,
/// counting them: nothing is ever held, so only what the reader buffers shows up in its allocations. Reads complete
/// synchronously, so the whole upload runs on the test's thread and per-thread allocation counts see all of it.
/// </summary>
internal sealed class LazyStream(long length, byte[]? prefix = null, long? claimedLength = null) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => claimedLength ?? throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - BytesRead);
        for (var i = 0; i < count; i++)
        {
            var position = BytesRead + i;
            buffer[i] = prefix is not null && position < prefix.Length ? prefix[position] : (byte)(position * 31 + 7);
        }

        BytesRead += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
