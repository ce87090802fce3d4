using Microsoft.Extensions.Logging;
using StreamerStudio.Domain.Assets.Storage;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>What happens to a kit's logo on save: kept, replaced by a prepared PNG, or removed.</summary>
public sealed record LogoChange(byte[]? Png, bool Remove)
{
    public static readonly LogoChange Keep = new(null, false);
    public static readonly LogoChange Delete = new(null, true);
    public static LogoChange Replace(byte[] png) => new(png, false);
}

/// <summary>An uploaded logo, checked and re-encoded, not stored yet; with the colours proposed from it.</summary>
public sealed record PreparedLogo(byte[] Png, int Width, int Height, PaletteProposal Palette);

/// <summary>
/// A creator's brand kits. Every call takes the acting user; another user's kit id gets "not found" and
/// changes nothing.
/// </summary>
public sealed partial class BrandKitService(
    IDbContextFactory<StudioDbContext> dbFactory,
    IAssetStorage storage,
    TimeProvider clock,
    ILogger<BrandKitService> logger,
    Admin.AuditTrail audit)
{
    public const string NotFound = "Brand kit not found.";

    /// <summary>The creator's kits that are not deleted, the active one first.</summary>
    public async Task<IReadOnlyList<BrandKit>> ListAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BrandKits.AsNoTracking()
            .Where(k => k.UserId == userId && k.DeletedAt == null)
            .OrderByDescending(k => k.IsActive).ThenBy(k => k.Name)
            .ToListAsync(cancellationToken);
    }

    public async Task<BrandKit?> GetAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.BrandKits.AsNoTracking()
            .SingleOrDefaultAsync(k => k.Id == kitId && k.UserId == userId && k.DeletedAt == null, cancellationToken);
    }

    /// <summary>Saves a new kit (with its logo, a PNG from <see cref="PrepareLogoAsync"/>); a creator's first kit becomes their active one.</summary>
    public async Task<Guid> CreateAsync(Guid userId, BrandKitDraft draft, byte[]? logoPng = null, CancellationToken cancellationToken = default)
    {
        Check(draft);
        var kit = new BrandKit { Id = Guid.CreateVersion7(), UserId = userId, Name = "" };
        draft.ApplyTo(kit);
        await SaveWithLogoAsync(userId, kit, logoPng, async db =>
        {
            await LockKitsOfAsync(db, userId, cancellationToken);
            kit.IsActive = !await db.BrandKits.AnyAsync(k => k.UserId == userId && k.IsActive, cancellationToken);
            db.BrandKits.Add(kit);
            return null;
        }, cancellationToken);
        return kit.Id;
    }

    /// <summary>Saves the creator's changes; a new logo replaces the old one, whose file is then removed.</summary>
    public async Task UpdateAsync(Guid userId, Guid kitId, BrandKitDraft draft, LogoChange? logo = null, CancellationToken cancellationToken = default)
    {
        Check(draft);
        logo ??= LogoChange.Keep;
        await SaveWithLogoAsync(userId, null, logo.Png, async db =>
        {
            var kit = await FindAsync(db, userId, kitId, cancellationToken);
            draft.ApplyTo(kit);
            var old = kit.LogoStorageKey;
            if (logo.Remove)
            {
                kit.LogoStorageKey = null;
                kit.LogoUrl = null;
            }

            return logo.Remove || logo.Png is not null ? old : null;
        }, cancellationToken);
    }

    /// <summary>
    /// The file is written first and the row committed second; if the row fails the new file is removed, and
    /// the replaced file is removed only once the row no longer points at it. No orphans, no dangling rows.
    /// </summary>
    private async Task SaveWithLogoAsync(Guid userId, BrandKit? created, byte[]? logoPng, Func<StudioDbContext, Task<string?>> change,
        CancellationToken cancellationToken)
    {
        string? newKey = null;
        if (logoPng is not null)
        {
            newKey = StorageKeys.NewAssetKey(userId, "png");
            await storage.PutAsync(newKey, logoPng, "image/png", cancellationToken);
        }

        string? replaced;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            replaced = await change(db);
            if (newKey is not null)
            {
                var kit = created ?? db.ChangeTracker.Entries<BrandKit>().Single().Entity;
                kit.LogoStorageKey = newKey;
                kit.LogoUrl = LogoUrlFor(kit.Id, newKey);
            }

            // The audit row is saved with the kit (one SaveChanges): what changed, read from the change tracker.
            var entry = db.ChangeTracker.Entries<BrandKit>().Single();
            var (before, after) = Admin.AuditTrail.Changes(entry);
            await audit.WriteAsync(userId, created is null ? Admin.AuditTrail.Actions.BrandKitUpdated : Admin.AuditTrail.Actions.BrandKitCreated,
                "brand_kit", entry.Entity.Id, created is null ? before : null, created is null ? after : new { entry.Entity.Name, entry.Entity.IsActive },
                db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await DeleteFileQuietlyAsync(newKey);
            throw;
        }

        await DeleteFileQuietlyAsync(replaced);
    }

    /// <summary>A copy to try ideas on: same brand, its own logo file, not active.</summary>
    public async Task<Guid> DuplicateAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var source = await FindAsync(db, userId, kitId, cancellationToken);
        var copy = new BrandKit { Id = Guid.CreateVersion7(), UserId = userId, Name = "" };
        var draft = BrandKitDraft.From(source);
        var suffix = " (copy)";
        draft.Name = (source.Name.Length + suffix.Length > BrandKitDraft.MaxName
            ? source.Name[..(BrandKitDraft.MaxName - suffix.Length)]
            : source.Name) + suffix;
        // The copy's colours are the kit's now, not a fresh proposal from a logo: the note would be stale.
        draft.ExtractedFrom = null;
        draft.ApplyTo(copy);

        string? copiedLogo = null;
        if (source.LogoStorageKey is { } key && await storage.OpenReadAsync(key, cancellationToken) is { } logo)
        {
            await using (logo)
            {
                using var buffer = new MemoryStream();
                await logo.CopyToAsync(buffer, cancellationToken);
                copiedLogo = StorageKeys.NewAssetKey(userId, "png");
                await storage.PutAsync(copiedLogo, buffer.ToArray(), "image/png", cancellationToken);
            }

            copy.LogoStorageKey = copiedLogo;
            copy.LogoUrl = LogoUrlFor(copy.Id, copiedLogo);
        }

        try
        {
            db.BrandKits.Add(copy);
            await audit.WriteAsync(userId, Admin.AuditTrail.Actions.BrandKitCreated, "brand_kit", copy.Id, null,
                new { copy.Name, copy.IsActive, copiedFrom = kitId }, db, cancellationToken);
        }
        catch
        {
            await DeleteFileQuietlyAsync(copiedLogo);
            throw;
        }

        return copy.Id;
    }

    /// <summary>
    /// Deletes a kit. One that assets or jobs were made with is only hidden (soft-deleted) so their history
    /// keeps it; an unused one goes for good, with its logo file.
    /// </summary>
    public async Task DeleteAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kit = await FindAsync(db, userId, kitId, cancellationToken);
        var used = await db.Assets.AnyAsync(a => a.BrandKitId == kitId, cancellationToken)
                   || await db.GenerationJobs.AnyAsync(j => j.BrandKitId == kitId, cancellationToken);
        if (used)
        {
            kit.DeletedAt = clock.GetUtcNow();
            kit.IsActive = false;
        }
        else
        {
            db.BrandKits.Remove(kit);
        }

        // The audit row commits with the deletion, or neither does.
        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.BrandKitDeleted, "brand_kit", kitId, new { kit.Name }, new { softDeleted = used },
            db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (!used)
        {
            await DeleteFileQuietlyAsync(kit.LogoStorageKey);
        }
    }

    /// <summary>
    /// Makes one kit the active one, in one transaction. The user's kits are locked first, so two activations
    /// at the same moment run one after the other and leave exactly one active (the partial unique index
    /// "one active per user" is the last line).
    /// </summary>
    public async Task SetActiveAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockKitsOfAsync(db, userId, cancellationToken);
        if (!await db.BrandKits.AnyAsync(k => k.Id == kitId && k.UserId == userId && k.DeletedAt == null, cancellationToken))
        {
            throw new RequestRefusedException(NotFound);
        }

        await db.BrandKits.Where(k => k.UserId == userId && k.IsActive && k.Id != kitId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.IsActive, false), cancellationToken);
        await db.BrandKits.Where(k => k.Id == kitId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.IsActive, true), cancellationToken);
        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.BrandKitActivated, "brand_kit", kitId, null, new { isActive = true }, db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Checks an upload (content, size and dimensions before decoding), re-encodes it to PNG and proposes a
    /// palette from it. Nothing is stored: the logo is saved with the kit. A bad file throws
    /// <see cref="RequestRefusedException"/> with what to do instead.
    /// </summary>
    public static async Task<PreparedLogo> PrepareLogoAsync(Stream upload, CancellationToken cancellationToken = default)
    {
        var logo = await LogoImage.ProcessAsync(upload, cancellationToken);
        var palette = PaletteExtractor.Propose(PaletteExtractor.Extract(logo.Png));
        return new PreparedLogo(logo.Png, logo.Width, logo.Height, palette);
    }

    /// <summary>The kit's logo PNG for its owner; null when there is none.</summary>
    public async Task<Stream?> OpenLogoAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.BrandKits
            .Where(k => k.Id == kitId && k.UserId == userId)
            .Select(k => k.LogoStorageKey)
            .SingleOrDefaultAsync(cancellationToken);
        return key is null ? null : await storage.OpenReadAsync(key, cancellationToken);
    }

    private static void Check(BrandKitDraft draft)
    {
        if (draft.Problems() is { Count: > 0 } problems)
        {
            throw new RequestRefusedException(string.Join(" ", problems.Values));
        }
    }

    private static async Task<BrandKit> FindAsync(StudioDbContext db, Guid userId, Guid kitId, CancellationToken cancellationToken) =>
        await db.BrandKits.SingleOrDefaultAsync(k => k.Id == kitId && k.UserId == userId && k.DeletedAt == null, cancellationToken)
        ?? throw new RequestRefusedException(NotFound);

    /// <summary>Serialises changes to one creator's set of kits (their user row is the lock).</summary>
    private static Task LockKitsOfAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM users WHERE id = {userId} FOR UPDATE", cancellationToken);

    /// <summary>A URL that changes with the file, so browsers never show a replaced logo from cache.</summary>
    private static string LogoUrlFor(Guid kitId, string storageKey) =>
        $"brand-kits/{kitId}/logo?v={Path.GetFileNameWithoutExtension(storageKey)[..8]}";

    private async Task DeleteFileQuietlyAsync(string? key)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await storage.DeleteAsync(key);
        }
        catch (Exception e)
        {
            LogFileNotDeleted(e, key);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete logo file {Key}")]
    private partial void LogFileNotDeleted(Exception exception, string key);
}
