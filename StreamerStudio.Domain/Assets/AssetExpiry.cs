using Microsoft.Extensions.Logging;

namespace StreamerStudio.Domain.Assets;

/// <summary>Recurring: deletes free-tier assets past their expiry, row and files, in batches.</summary>
public sealed partial class AssetExpiry(
    IDbContextFactory<StudioDbContext> dbFactory,
    AssetService assets,
    TimeProvider clock,
    ILogger<AssetExpiry> logger)
{
    private const int Batch = 200;

    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var deleted = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var expired = await db.Assets.Where(a => a.ExpiresAt != null && a.ExpiresAt <= now)
                .OrderBy(a => a.ExpiresAt).Take(Batch).ToListAsync(cancellationToken);
            if (expired.Count == 0)
            {
                break;
            }

            // Rows first: once gone, the files are unreachable; a file that fails to delete is only logged.
            db.Assets.RemoveRange(expired);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var asset in expired)
            {
                try
                {
                    await assets.DeleteFilesAsync(asset);
                }
                catch (Exception e)
                {
                    LogFileNotDeleted(e, asset.Id);
                }
            }

            deleted += expired.Count;
        }

        return deleted;
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete the files of expired asset {AssetId}")]
    private partial void LogFileNotDeleted(Exception exception, Guid assetId);
}
