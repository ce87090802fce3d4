using Microsoft.EntityFrameworkCore;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain.Assets;

public sealed record AssetFile(Stream Content, string ContentType, string FileName);

/// <summary>A creator's delivered files. Every call takes the acting user; another user's asset is "not found".</summary>
public sealed class AssetService(IDbContextFactory<StudioDbContext> dbFactory, IAssetStorage storage, TimeProvider clock)
{
    /// <summary>The asset's file for its owner; null when there is no such asset of theirs, it expired, or its file is gone.</summary>
    public async Task<AssetFile?> OpenFileAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await db.Assets.AsNoTracking()
            .Where(a => a.Id == assetId && a.UserId == userId && (a.ExpiresAt == null || a.ExpiresAt > now))
            .Select(a => new { a.StorageKey, a.Format, a.AssetType })
            .SingleOrDefaultAsync(cancellationToken);
        if (asset is null || await storage.OpenReadAsync(asset.StorageKey, cancellationToken) is not { } content)
        {
            return null;
        }

        var name = $"{TextEnum.ToText(asset.AssetType)}-{assetId:N}.{GenerationService.FileExtension(asset.Format)}";
        return new AssetFile(content, GenerationService.ContentType(asset.Format), name);
    }
}
