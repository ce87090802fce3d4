using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>
/// The images of a brand kit that is being edited and not saved yet: an uploaded logo and the live previews.
/// They are served by URL (an img tag cannot read the circuit, and a data URI would send every byte through it
/// on each change), so they wait here, in memory, for their owner only. A key is a hash of the content (the
/// logo's bytes, the preview's visual inputs): the bytes under a URL never change, the browser may cache them
/// for good, and a draft that looks like an earlier one finds its preview again without rendering.
/// </summary>
/// <remarks>
/// Bounded by <see cref="MaxTotalBytes"/> and dropped after <see cref="Idle"/> unused; an evicted image costs a
/// re-render or a re-upload, never the kit, whose logo the editor keeps until it is saved. Per process: with
/// several web servers, circuits and image requests must reach the same one (sticky sessions, as Blazor Server
/// needs anyway).
/// </remarks>
public sealed class DraftImages : IDisposable
{
    public const long MaxTotalBytes = 64L * 1024 * 1024;
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);

    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = MaxTotalBytes });

    /// <summary>Keeps a prepared logo (the re-encoded PNG) for its owner; returns its key.</summary>
    public string PutLogo(Guid userId, byte[] png)
    {
        var key = Hash(png);
        Put(new Entry(userId, key, null), png);
        return key;
    }

    /// <summary>The owner's logo under this key; null for anyone else, or once it has expired.</summary>
    public byte[]? Logo(Guid userId, string key) => _cache.Get<byte[]>(new Entry(userId, key, null));

    public bool HasPreview(Guid userId, string key) =>
        BrandKitPreview.Samples.All(type => _cache.TryGetValue(new Entry(userId, key, type), out _));

    /// <summary>Keeps rendered previews for their owner under <paramref name="key"/> (see <see cref="BrandKitPreview.KeyOf"/>).</summary>
    public void PutPreview(Guid userId, string key, IEnumerable<PreviewImage> images)
    {
        foreach (var image in images)
        {
            Put(new Entry(userId, key, image.AssetType), image.Jpeg);
        }
    }

    /// <summary>The owner's preview JPEG of this type under this key; null for anyone else, or once it has expired.</summary>
    public byte[]? Preview(Guid userId, string key, AssetType type) => _cache.Get<byte[]>(new Entry(userId, key, type));

    /// <summary>128 bits of SHA-256 in hex: short enough for a URL, far too many to guess or collide.</summary>
    public static string Hash(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content)[..16]);

    public void Dispose() => _cache.Dispose();

    private void Put(Entry entry, byte[] bytes) =>
        _cache.Set(entry, bytes, new MemoryCacheEntryOptions { Size = bytes.Length, SlidingExpiration = Idle });

    /// <summary>The owner is part of the key: another creator's request for the same hash finds nothing.</summary>
    private sealed record Entry(Guid UserId, string Key, AssetType? Preview);
}
