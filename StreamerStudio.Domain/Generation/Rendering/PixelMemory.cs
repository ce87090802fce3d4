using System.Runtime.InteropServices;
using SkiaSharp;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>
/// Pixel memory kept for the next render. A 1280×720 canvas, and a gradient computed over all of it, are 3.7 MB
/// each; as new Skia bitmaps their pages were faulted in afresh on every render (reusing them took the Split Slash
/// thumbnail from p50 13.2–16.0 to 11.0–11.4 ms in paired runs). Bitmaps made here draw on pinned buffers that go
/// back to a pool when Skia lets go of them; what the pool keeps is bounded, the oldest dropped first, whichever
/// threads render. Small bitmaps are not worth keeping and are left to the allocator.
/// </summary>
internal static class PixelMemory
{
    private const long MaxPixelsKept = 12L << 20;
    private const int MinPixelsKept = 64 * 1024;
    private static readonly Lock Gate = new();
    private static readonly List<uint[]> Kept = [];
    private static long s_pixelsKept;

    /// <summary>A bitmap of four-byte pixels; its content is whatever was there before, so callers draw all of it.</summary>
    public static SKBitmap NewBitmap(SKImageInfo info)
    {
        if (info.BytesPerPixel != 4 || info.Width * info.Height < MinPixelsKept)
        {
            return new SKBitmap(info);
        }

        var pixels = Rent(info.Width * info.Height);
        var bitmap = new SKBitmap();
        if (!bitmap.InstallPixels(info, Marshal.UnsafeAddrOfPinnedArrayElement(pixels, 0), info.RowBytes, (_, context) => Return((uint[])context), pixels))
        {
            bitmap.Dispose();
            throw new InvalidOperationException($"Skia refused a {info.Width}×{info.Height} bitmap over kept pixels.");
        }

        return bitmap;
    }

    private static uint[] Rent(int count)
    {
        lock (Gate)
        {
            // The smallest that fits, so a smaller picture does not take the buffer a full canvas needs.
            var index = -1;
            for (var i = 0; i < Kept.Count; i++)
            {
                if (Kept[i].Length >= count && (index < 0 || Kept[i].Length < Kept[index].Length))
                {
                    index = i;
                }
            }

            if (index >= 0)
            {
                var pixels = Kept[index];
                Kept.RemoveAt(index);
                s_pixelsKept -= pixels.Length;
                return pixels;
            }
        }

        return GC.AllocateUninitializedArray<uint>(count, pinned: true);
    }

    private static void Return(uint[] pixels)
    {
        lock (Gate)
        {
            Kept.Add(pixels);
            s_pixelsKept += pixels.Length;
            while (s_pixelsKept > MaxPixelsKept)
            {
                s_pixelsKept -= Kept[0].Length;
                Kept.RemoveAt(0);
            }
        }
    }
}
