using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Security.Cryptography;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Assets;

public sealed record AssetFile(Stream Content, string ContentType, string FileName);

/// <summary>An asset's gallery preview and how to serve it (JPEG or WebP, see <see cref="AssetImages.Preview(byte[])"/>).</summary>
public sealed record AssetPreview(Stream Content, string ContentType) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}

public enum GallerySort
{
    Newest,
    ViralScore,
}

/// <summary>What the gallery asks for: filters, search in the prompt text, sort and page.</summary>
public sealed record GalleryQuery
{
    public const int DefaultPageSize = 48;

    public AssetType? AssetType { get; init; }
    public Guid? BrandKitId { get; init; }
    public Guid? JobId { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public bool? IsPublic { get; init; }
    public string? Search { get; init; }
    public GallerySort Sort { get; init; } = GallerySort.Newest;
    public int Page { get; init; } = 1;
    public int PageSize { get; init; } = DefaultPageSize;
}

/// <summary>One gallery card.</summary>
public sealed record AssetCard(
    Guid Id,
    string Name,
    AssetType AssetType,
    int Width,
    int Height,
    AssetFormat Format,
    long FileSizeBytes,
    int? ViralScore,
    bool IsPublic,
    string? Prompt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt);

public sealed record GalleryPage(IReadOnlyList<AssetCard> Items, int Total, int Page, int PageSize)
{
    public int PageCount => Math.Max(1, (int)Math.Ceiling(Total / (double)PageSize));
}

/// <summary>Everything the asset page shows.</summary>
public sealed record AssetDetail(
    AssetCard Card,
    AssetSpec Spec,
    IReadOnlyList<string> ViralSuggestions,
    AssetRecipe? Recipe,
    Guid? JobId,
    Guid? ParentJobId,
    Guid? BrandKitId,
    string? BrandKitName,
    string? ShareToken)
{
    /// <summary>
    /// More of the same asset: its type, platform, format, brand kit and all its text (headline, subline, badge);
    /// only the seed, and so the layout, changes.
    /// </summary>
    public GenerationRequest Variations(int count) => new()
    {
        JobType = JobType.Variation,
        AssetTypes = [Card.AssetType],
        Platform = Spec.Platform,
        BrandKitId = BrandKitId,
        Format = Card.Format,
        Headline = Card.Prompt ?? Card.Name,
        Subline = Recipe?.Subline,
        Badge = Recipe?.Badge,
        Variations = count,
        BackgroundMediaId = Recipe?.BackgroundMediaId,
        SubjectMediaId = Recipe?.SubjectMediaId,
    };
}

/// <summary>What the public share page shows about an asset.</summary>
public sealed record SharedAsset(Guid Id, string Name, int Width, int Height, AssetFormat Format, string? Prompt);

/// <summary>
/// A creator's delivered files. Every call takes the acting user; another user's asset is "not found" and
/// nothing changes. Expired assets count as gone.
/// </summary>
public sealed class AssetService(IDbContextFactory<StudioDbContext> dbFactory, IAssetStorage storage, TimeProvider clock, Admin.AuditTrail audit)
{
    public const string NotFound = "Asset not found.";

    public const string SomeNotFound = "Some of the selected assets were not found, so nothing was changed. Reload the gallery and select them again.";

    /// <summary>The most assets one multi-select action takes (a full gallery page).</summary>
    public const int MaxSelection = 200;

    public async Task<GalleryPage> ListAsync(Guid userId, GalleryQuery query, CancellationToken cancellationToken = default)
    {
        var pageSize = Math.Clamp(query.PageSize, 1, 200);
        var page = Math.Max(1, query.Page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assets = Visible(db, userId);
        if (query.AssetType is { } type)
        {
            assets = assets.Where(a => a.AssetType == type);
        }

        if (query.BrandKitId is { } kit)
        {
            assets = assets.Where(a => a.BrandKitId == kit);
        }

        if (query.JobId is { } job)
        {
            // A job's assets: the job's own output or its children's.
            assets = assets.Where(a => a.JobId == job || a.Job!.ParentJobId == job);
        }

        if (query.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            assets = assets.Where(a => a.CreatedAt >= start);
        }

        if (query.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            assets = assets.Where(a => a.CreatedAt < end);
        }

        if (query.IsPublic is { } isPublic)
        {
            assets = assets.Where(a => a.IsPublic == isPublic);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = Like.Containing(query.Search);
            assets = assets.Where(a => a.PromptUsed != null && EF.Functions.ILike(a.PromptUsed, pattern, Like.Escape));
        }

        var total = await assets.CountAsync(cancellationToken);
        var ordered = query.Sort == GallerySort.ViralScore
            ? assets.OrderByDescending(a => a.ViralScore ?? -1).ThenByDescending(a => a.CreatedAt)
            : assets.OrderByDescending(a => a.CreatedAt);
        var rows = await ordered
            .Skip((page - 1) * pageSize)
            .Take(pageSize)
            .Select(a => new { a.Id, a.AssetType, a.Width, a.Height, a.Format, a.FileSizeBytes, a.ViralScore, a.IsPublic, a.PromptUsed, a.CreatedAt, a.ExpiresAt })
            .ToListAsync(cancellationToken);
        var items = rows.Select(a => new AssetCard(a.Id, SpecOf(a.AssetType, a.Width, a.Height).Name, a.AssetType, a.Width, a.Height,
            a.Format, a.FileSizeBytes, a.ViralScore, a.IsPublic, a.PromptUsed, a.CreatedAt, a.ExpiresAt)).ToList();
        return new GalleryPage(items, total, page, pageSize);
    }

    public async Task<AssetDetail?> GetAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var a = await Visible(db, userId)
            .Where(x => x.Id == assetId)
            .Select(x => new
            {
                x.Id, x.AssetType, x.Width, x.Height, x.Format, x.FileSizeBytes, x.ViralScore, x.IsPublic, x.PromptUsed, x.CreatedAt,
                x.ExpiresAt, x.ViralSuggestions, x.Recipe, x.JobId, ParentJobId = x.Job == null ? null : x.Job.ParentJobId,
                x.BrandKitId, BrandKitName = x.BrandKit == null ? null : x.BrandKit.Name, x.ShareToken,
            })
            .SingleOrDefaultAsync(cancellationToken);
        if (a is null)
        {
            return null;
        }

        var spec = SpecOf(a.AssetType, a.Width, a.Height);
        var card = new AssetCard(a.Id, spec.Name, a.AssetType, a.Width, a.Height, a.Format, a.FileSizeBytes, a.ViralScore, a.IsPublic,
            a.PromptUsed, a.CreatedAt, a.ExpiresAt);
        return new AssetDetail(card, spec, a.ViralSuggestions, a.Recipe, a.JobId, a.ParentJobId, a.BrandKitId, a.BrandKitName,
            a.IsPublic ? a.ShareToken : null);
    }

    /// <summary>The asset's file for its owner; null when there is no such asset of theirs, it expired, or its file is gone.</summary>
    public async Task<AssetFile?> OpenFileAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await Visible(db, userId).Where(a => a.Id == assetId)
            .Select(a => new { a.StorageKey, a.Format, a.AssetType, a.Width, a.Height, a.PromptUsed })
            .SingleOrDefaultAsync(cancellationToken);
        if (asset is null || await storage.OpenReadAsync(asset.StorageKey, cancellationToken) is not { } content)
        {
            return null;
        }

        return new AssetFile(content, GenerationService.ContentType(asset.Format),
            DownloadName(asset.PromptUsed, asset.AssetType, asset.Width, asset.Height, asset.Format));
    }

    /// <summary>The original converted to another format (within the platform's size limit), for download.</summary>
    public async Task<AssetFile?> OpenConvertedAsync(Guid userId, Guid assetId, AssetFormat format, CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(format))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await Visible(db, userId).Where(a => a.Id == assetId)
            .Select(a => new { a.StorageKey, a.AssetType, a.Width, a.Height, a.PromptUsed })
            .SingleOrDefaultAsync(cancellationToken);
        if (asset is null || await ReadAllAsync(asset.StorageKey, cancellationToken) is not { } original)
        {
            return null;
        }

        var converted = AssetImages.Convert(original, format, SpecOf(asset.AssetType, asset.Width, asset.Height).MaxBytes);
        return new AssetFile(new MemoryStream(converted), GenerationService.ContentType(format),
            DownloadName(asset.PromptUsed, asset.AssetType, asset.Width, asset.Height, format));
    }

    /// <summary>The small gallery preview (made now, once, for assets from before previews existed).</summary>
    public async Task<AssetPreview?> OpenPreviewAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await Visible(db, userId).Where(a => a.Id == assetId)
            .Select(a => new { a.StorageKey, a.PreviewKey })
            .SingleOrDefaultAsync(cancellationToken);
        return asset is null ? null : await PreviewAsync(db, assetId, asset.StorageKey, asset.PreviewKey, cancellationToken);
    }

    /// <summary>Deletes the asset: its row, then its files (a file left by a failed delete is unreachable without the row).</summary>
    public async Task DeleteAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await db.Assets.SingleOrDefaultAsync(a => a.Id == assetId && a.UserId == userId, cancellationToken)
            ?? throw new RequestRefusedException(NotFound);
        db.Assets.Remove(asset);
        // Saved together with the deletion (one SaveChanges): the audit row commits with it, or neither does.
        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.AssetDeleted, "asset", assetId,
            new { type = TextEnum.ToText(asset.AssetType), asset.PromptUsed }, null, db, cancellationToken);

        await DeleteFilesAsync(asset);
    }

    /// <summary>
    /// Makes the asset public under a new unguessable link, or private again: the old link and the file
    /// answer "not found" from that moment. Returns the share token when public.
    /// </summary>
    public async Task<string?> SetPublicAsync(Guid userId, Guid assetId, bool isPublic, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await Visible(db, userId).AsTracking().SingleOrDefaultAsync(a => a.Id == assetId, cancellationToken)
            ?? throw new RequestRefusedException(NotFound);
        asset.IsPublic = isPublic;
        asset.ShareToken = isPublic ? Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) : null;
        asset.ShareableUrl = isPublic ? $"/s/{asset.ShareToken}" : null;
        // The token is the link's secret: the row says that it was shared, not where.
        await audit.WriteAsync(userId, isPublic ? Admin.AuditTrail.Actions.AssetShared : Admin.AuditTrail.Actions.AssetUnshared, "asset", assetId,
            null, new { isPublic }, db, cancellationToken);
        return asset.ShareToken;
    }

    /// <summary>A public asset by its share token; null when there is none, it is private again, or it expired.</summary>
    public async Task<SharedAsset?> GetSharedAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var a = await db.Assets.AsNoTracking()
            .Where(x => x.ShareToken == token && x.IsPublic && (x.ExpiresAt == null || x.ExpiresAt > now))
            .Select(x => new { x.Id, x.AssetType, x.Width, x.Height, x.Format, x.PromptUsed })
            .SingleOrDefaultAsync(cancellationToken);
        return a is null ? null : new SharedAsset(a.Id, SpecOf(a.AssetType, a.Width, a.Height).Name, a.Width, a.Height, a.Format, a.PromptUsed);
    }

    public async Task<AssetFile?> OpenSharedFileAsync(string token, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var a = await db.Assets.AsNoTracking()
            .Where(x => x.ShareToken == token && x.IsPublic && (x.ExpiresAt == null || x.ExpiresAt > now))
            .Select(x => new { x.Id, x.StorageKey, x.Format, x.AssetType, x.Width, x.Height, x.PromptUsed })
            .SingleOrDefaultAsync(cancellationToken);
        if (a is null || await storage.OpenReadAsync(a.StorageKey, cancellationToken) is not { } content)
        {
            return null;
        }

        return new AssetFile(content, GenerationService.ContentType(a.Format), DownloadName(a.PromptUsed, a.AssetType, a.Width, a.Height, a.Format));
    }

    /// <summary>
    /// Deletes several assets at once: all of them or, when any is not the creator's (or not there), none — the
    /// refusal says so. Rows and audit entries commit together; files go after, as in <see cref="DeleteAsync"/>.
    /// </summary>
    public async Task DeleteManyAsync(Guid userId, IReadOnlyCollection<Guid> assetIds, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var assets = await AllOwnedAsync(db.Assets.Where(a => a.UserId == userId), assetIds, cancellationToken);
        db.Assets.RemoveRange(assets);
        foreach (var asset in assets)
        {
            await audit.WriteAsync(userId, Admin.AuditTrail.Actions.AssetDeleted, "asset", asset.Id,
                new { type = TextEnum.ToText(asset.AssetType), asset.PromptUsed }, null, db, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var asset in assets)
        {
            await DeleteFilesAsync(asset);
        }
    }

    /// <summary>
    /// Makes several assets public (all or none, as <see cref="DeleteManyAsync"/>); one already public keeps its
    /// link. Returns each asset's share token.
    /// </summary>
    public async Task<IReadOnlyDictionary<Guid, string>> ShareManyAsync(Guid userId, IReadOnlyCollection<Guid> assetIds,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assets = await AllOwnedAsync(Visible(db, userId).AsTracking(), assetIds, cancellationToken);
        foreach (var asset in assets.Where(a => !a.IsPublic || a.ShareToken is null))
        {
            asset.IsPublic = true;
            asset.ShareToken = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            asset.ShareableUrl = $"/s/{asset.ShareToken}";
            await audit.WriteAsync(userId, Admin.AuditTrail.Actions.AssetShared, "asset", asset.Id, null, new { isPublic = true }, db, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        return assets.ToDictionary(a => a.Id, a => a.ShareToken!);
    }

    /// <summary>Writes the chosen assets as one ZIP; false (nothing written) when any is not the creator's.</summary>
    public async Task<bool> WriteZipAsync(Guid userId, IReadOnlyCollection<Guid> assetIds, Stream output, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = assetIds.Distinct().ToList();
        if (ids.Count is 0 or > MaxSelection)
        {
            return false;
        }

        var assets = await Visible(db, userId).Where(a => ids.Contains(a.Id))
            .Select(a => new ZipItem(a.Id, a.StorageKey, a.AssetType, a.Format, a.Width, a.Height, a.PromptUsed, a.CreatedAt))
            .ToListAsync(cancellationToken);
        if (assets.Count != ids.Count || !await WriteZipAsync(assets, output, cancellationToken))
        {
            return false;
        }

        // A ZIP has no id of its own: the row names the first asset and lists them all.
        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.ZipDownloaded, "asset", ids[0], null, new { assets = ids }, cancellationToken: cancellationToken);
        return true;
    }

    /// <summary>Writes a job's assets as one ZIP; false when the job is not the creator's or has no assets.</summary>
    public async Task<bool> WriteJobZipAsync(Guid userId, Guid jobId, Stream output, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var assets = await Visible(db, userId)
            .Where(a => a.JobId == jobId || a.Job!.ParentJobId == jobId)
            .Select(a => new ZipItem(a.Id, a.StorageKey, a.AssetType, a.Format, a.Width, a.Height, a.PromptUsed, a.CreatedAt))
            .ToListAsync(cancellationToken);
        if (!await WriteZipAsync(assets, output, cancellationToken))
        {
            return false;
        }

        await audit.WriteAsync(userId, Admin.AuditTrail.Actions.ZipDownloaded, "generation_job", jobId, null, new { assets = assets.Count },
            cancellationToken: cancellationToken);
        return true;
    }

    private sealed record ZipItem(Guid Id, string StorageKey, AssetType AssetType, AssetFormat Format, int Width, int Height, string? Headline,
        DateTimeOffset CreatedAt);

    private async Task<bool> WriteZipAsync(List<ZipItem> assets, Stream output, CancellationToken cancellationToken)
    {
        // In catalogue order (the database would sort the stored text alphabetically).
        assets = [.. assets.OrderBy(a => a.AssetType).ThenBy(a => a.CreatedAt)];
        if (assets.Count == 0)
        {
            return false;
        }

        var names = ZipEntryNames([.. assets.Select(a => (a.Id, DownloadName(a.Headline, a.AssetType, a.Width, a.Height, a.Format)))]);
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var asset in assets)
        {
            if (await storage.OpenReadAsync(asset.StorageKey, cancellationToken) is not { } content)
            {
                continue;
            }

            await using (content)
            {
                // Images are compressed already; storing them keeps the ZIP fast to make.
                var entry = zip.CreateEntry(names[asset.Id], CompressionLevel.NoCompression);
                await using var target = await entry.OpenAsync(cancellationToken);
                await content.CopyToAsync(target, cancellationToken);
            }
        }

        return true;
    }

    /// <summary>
    /// Every one of <paramref name="assetIds"/> among <paramref name="owned"/>, or a refusal: another creator's id
    /// gets the same answer as one that does not exist, and nothing is changed for the rest.
    /// </summary>
    private static async Task<List<Asset>> AllOwnedAsync(IQueryable<Asset> owned, IReadOnlyCollection<Guid> assetIds, CancellationToken cancellationToken)
    {
        var ids = assetIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new RequestRefusedException("Select at least one asset first.");
        }

        if (ids.Count > MaxSelection)
        {
            throw new RequestRefusedException($"Select at most {MaxSelection} assets at a time.");
        }

        var assets = await owned.Where(a => ids.Contains(a.Id)).ToListAsync(cancellationToken);
        return assets.Count == ids.Count ? assets : throw new RequestRefusedException(ids.Count == 1 ? NotFound : SomeNotFound);
    }

    private IQueryable<Asset> Visible(StudioDbContext db, Guid userId)
    {
        var now = clock.GetUtcNow();
        return db.Assets.AsNoTracking().Where(a => a.UserId == userId && (a.ExpiresAt == null || a.ExpiresAt > now));
    }

    private async Task<AssetPreview?> PreviewAsync(StudioDbContext db, Guid assetId, string storageKey, string? previewKey, CancellationToken cancellationToken)
    {
        if (previewKey is not null && await storage.OpenReadAsync(previewKey, cancellationToken) is { } stored)
        {
            return new AssetPreview(stored, AssetImages.PreviewContentType(previewKey));
        }

        if (await ReadAllAsync(storageKey, cancellationToken) is not { } original)
        {
            return null;
        }

        var preview = AssetImages.Preview(original);
        var key = AssetImages.PreviewKeyFor(storageKey, preview);
        await storage.PutAsync(key, preview, AssetImages.PreviewContentType(key), cancellationToken);
        await db.Assets.Where(a => a.Id == assetId).ExecuteUpdateAsync(s => s.SetProperty(a => a.PreviewKey, key), cancellationToken);
        return new AssetPreview(new MemoryStream(preview), AssetImages.PreviewContentType(key));
    }

    private async Task<byte[]?> ReadAllAsync(string key, CancellationToken cancellationToken)
    {
        if (await storage.OpenReadAsync(key, cancellationToken) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return buffer.ToArray();
        }
    }

    internal async Task DeleteFilesAsync(Asset asset)
    {
        await storage.DeleteAsync(asset.StorageKey);
        IReadOnlyList<string> previewKeys = asset.PreviewKey is { } key ? [key] : AssetImages.PreviewKeysFor(asset.StorageKey);
        foreach (var previewKey in previewKeys)
        {
            await storage.DeleteAsync(previewKey);
        }
    }

    /// <summary>The catalogue entry an asset was made for (banners exist for two platforms; the size tells which).</summary>
    internal static AssetSpec SpecOf(AssetType type, int width, int height) =>
        AssetCatalogue.All.FirstOrDefault(s => s.Type == type && s.Width == width && s.Height == height) ?? AssetCatalogue.For(type);

    /// <summary>
    /// The name a download gets: the headline, the platform's name for the asset and its size, e.g.
    /// <c>road-to-grandmaster-youtube-thumbnail-1280x720.png</c> (ASCII only: accents dropped, anything else a dash).
    /// </summary>
    public static string DownloadName(string? headline, AssetType type, int width, int height, AssetFormat format)
    {
        var spec = SpecOf(type, width, height);
        var words = Slug(headline, MaxHeadlineSlug);
        var stem = string.Join('-', new[] { words, Slug(spec.Name, 40), $"{width}x{height}" }.Where(p => p.Length > 0));
        return $"{stem}.{GenerationService.FileExtension(format)}";
    }

    /// <summary>
    /// One name per asset for a ZIP: the download name, and where two assets would share one (the same headline,
    /// type and size, as variations do), each of those gets the start of its id, e.g. <c>…-1280x720-3f9a2c.png</c>.
    /// </summary>
    public static IReadOnlyDictionary<Guid, string> ZipEntryNames(IReadOnlyList<(Guid Id, string Name)> assets)
    {
        var names = new Dictionary<Guid, string>();
        foreach (var group in assets.GroupBy(a => a.Name, StringComparer.OrdinalIgnoreCase))
        {
            foreach (var (id, name) in group)
            {
                names[id] = group.Count() == 1 ? name : $"{Path.GetFileNameWithoutExtension(name)}-{id.ToString("N")[^6..]}{Path.GetExtension(name)}";
            }
        }

        return names;
    }

    private const int MaxHeadlineSlug = 60;

    /// <summary>Lower-case ASCII letters and digits joined by single dashes, cut at a dash to at most <paramref name="max"/> characters.</summary>
    private static string Slug(string? text, int max)
    {
        var decomposed = (text ?? "").Normalize(NormalizationForm.FormD);
        var slug = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > max)
        {
            var cut = result.LastIndexOf('-', max);
            result = result[..(cut > 0 ? cut : max)].Trim('-');
        }

        return result;
    }
}
