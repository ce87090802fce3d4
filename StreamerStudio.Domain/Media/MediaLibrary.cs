using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Media;

/// <summary>One picture as the library and the Generate page show it.</summary>
public sealed record MediaCard(Guid Id, MediaKind Kind, string Name, string Description, int Width, int Height, float TransparentShare,
    FocalPoint? Focus, DateTimeOffset CreatedAt)
{
    public string PreviewUrl => $"media/{Id}/preview";

    /// <summary>The creator's description of the picture (<see cref="MediaItem.Description"/>).</summary>
    public string AltText => Description;
}

/// <summary>What an upload became, and the sentence that says so (the transparency verdict).</summary>
public sealed record MediaUploaded(MediaCard Item, MediaKind Requested, string Verdict);

/// <summary>The bytes and focal point the renderer gets for a picture.</summary>
public sealed record MediaPicture(byte[] Bytes, FocalPoint? Focus);

/// <summary>
/// A creator's media library. Every call takes the acting user; another user's picture is "not found" and nothing
/// changes. A refused upload stores nothing: the file is checked and re-encoded in memory first, and the row is
/// written after the files, which are deleted again if it cannot be. The library holds at most what the creator's plan
/// keeps (<see cref="MediaUsage"/>): checked under the creator's row lock in the transaction that adds the row, so two
/// uploads at once cannot both take the last place.
/// </summary>
/// <remarks>
/// Deleting a picture that an asset or an unfinished job was made from is refused, not soft-deleted: the recipe of
/// that asset needs the picture to make variations or regenerate, and a soft delete would keep a creator's face on
/// our disks while the library says it is gone. The refusal says which assets to delete first.
/// </remarks>
public sealed partial class MediaLibrary(IDbContextFactory<StudioDbContext> dbFactory, IAssetStorage storage, ILogger<MediaLibrary> logger)
{
    public const int MaxName = 80;
    /// <summary>Screen readers read alt text in one go; a sentence of about this length is what guidance suggests.</summary>
    public const int MaxDescription = 125;
    public const string NotFound = "Picture not found. It may have been deleted.";

    public async Task<MediaUploaded> UploadAsync(Guid userId, Stream upload, string? fileName, MediaKind kind,
        CancellationToken cancellationToken = default)
    {
        if (!Enum.IsDefined(kind))
        {
            throw new RequestRefusedException("Choose whether the picture is a background (screenshot) or a cut-out (subject).");
        }

        // A full library is refused before the work of decoding; the check that counts is the one under the lock below.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if ((await UsageAsync(db, userId, cancellationToken)).RefusalFor(1) is { } full)
            {
                throw new RequestRefusedException(full);
            }
        }

        var processed = await MediaImage.ProcessAsync(upload, kind, cancellationToken);
        var name = NameOf(fileName, processed);
        var extension = GenerationService.FileExtension(processed.Format);
        var key = $"u/{userId:N}/media/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{extension}";
        var item = new MediaItem
        {
            Id = Guid.CreateVersion7(),
            UserId = userId,
            Kind = processed.Kind,
            Name = name,
            Description = DescriptionOf(name, processed),
            Width = processed.Width,
            Height = processed.Height,
            Format = processed.Format,
            FileSizeBytes = processed.File.Length,
            StorageKey = key,
            PreviewKey = AssetImages.PreviewKeyFor(key, processed.PreviewWebp),
            TransparentShare = processed.TransparentShare,
        };

        try
        {
            await storage.PutAsync(item.StorageKey, processed.File, GenerationService.ContentType(processed.Format), cancellationToken);
            await storage.PutAsync(item.PreviewKey, processed.PreviewWebp, "image/webp", cancellationToken);
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await Plans.LockCreatorAsync(db, userId, cancellationToken);
            if ((await UsageAsync(db, userId, cancellationToken)).RefusalFor(item.FileSizeBytes) is { } refusal)
            {
                throw new RequestRefusedException(refusal);
            }

            db.MediaItems.Add(item);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await DeleteFilesAsync(item);
            throw;
        }

        return new MediaUploaded(CardOf(item), kind, MediaImage.Verdict(kind, item.Kind, item.TransparentShare));
    }

    /// <summary>How full the creator's library is against their plan's cap.</summary>
    public async Task<MediaUsage> UsageAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UsageAsync(db, userId, cancellationToken);
    }

    private static async Task<MediaUsage> UsageAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var tier = await db.Subscriptions.Where(s => s.UserId == userId).Select(s => (SubscriptionTier?)s.Tier).SingleOrDefaultAsync(cancellationToken);
        var stored = await db.MediaItems.Where(m => m.UserId == userId)
            .GroupBy(m => m.UserId)
            .Select(g => new { Pictures = g.Count(), Bytes = g.Sum(m => m.FileSizeBytes) })
            .SingleOrDefaultAsync(cancellationToken);
        return new MediaUsage(tier ?? SubscriptionTier.Free, stored?.Pictures ?? 0, stored?.Bytes ?? 0);
    }

    /// <summary>The creator's pictures, newest first; only one kind when <paramref name="kind"/> is given.</summary>
    public async Task<IReadOnlyList<MediaCard>> ListAsync(Guid userId, MediaKind? kind = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var items = await db.MediaItems.AsNoTracking()
            .Where(m => m.UserId == userId && (kind == null || m.Kind == kind))
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .ToListAsync(cancellationToken);
        return [.. items.Select(CardOf)];
    }

    /// <summary>One of the creator's pictures; null when there is no such picture of theirs.</summary>
    public async Task<MediaCard?> GetAsync(Guid userId, Guid mediaId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == mediaId && m.UserId == userId, cancellationToken);
        return item is null ? null : CardOf(item);
    }

    public async Task<Stream?> OpenPreviewAsync(Guid userId, Guid mediaId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.MediaItems.Where(m => m.Id == mediaId && m.UserId == userId).Select(m => m.PreviewKey).SingleOrDefaultAsync(cancellationToken);
        return key is null ? null : await storage.OpenReadAsync(key, cancellationToken);
    }

    /// <summary>Stores where the important part of the picture is (fractions 0–1), or clears it with null.</summary>
    public async Task SetFocusAsync(Guid userId, Guid mediaId, FocalPoint? focus, CancellationToken cancellationToken = default)
    {
        if (focus is { } f && (!float.IsFinite(f.X) || !float.IsFinite(f.Y) || f.X is < 0 or > 1 || f.Y is < 0 or > 1))
        {
            throw new RequestRefusedException("Click inside the picture to set its focal point.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.MediaItems.Where(m => m.Id == mediaId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.FocusX, focus == null ? null : focus.Value.X)
                .SetProperty(m => m.FocusY, focus == null ? null : focus.Value.Y), cancellationToken);
        if (changed == 0)
        {
            throw new RequestRefusedException(NotFound);
        }
    }

    /// <summary>
    /// Sets the picture's description (its alt text): whitespace and control characters are tidied to single spaces,
    /// and a blank or too long one is refused with what to write instead. Returns the description as stored.
    /// </summary>
    public async Task<string> SetDescriptionAsync(Guid userId, Guid mediaId, string? description, CancellationToken cancellationToken = default)
    {
        var text = Whitespace().Replace(new string([.. (description ?? "").Select(c => char.IsControl(c) ? ' ' : c)]), " ").Trim();
        if (text.Length == 0)
        {
            throw new RequestRefusedException("Describe the picture in a few words, for example \"My face, laughing\": screen readers read this instead of showing it.");
        }

        if (text.Length > MaxDescription)
        {
            throw new RequestRefusedException(
                $"Keep the description to {MaxDescription} characters or fewer; this one has {text.Length}. Say what matters in the picture, not every detail.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.MediaItems.Where(m => m.Id == mediaId && m.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Description, text), cancellationToken);
        if (changed == 0)
        {
            throw new RequestRefusedException(NotFound);
        }

        return text;
    }

    /// <summary>
    /// Deletes the picture and its files, unless an asset or an unfinished job was made from it (see the remarks on
    /// the class): then the refusal says how many, and nothing changes.
    /// </summary>
    public async Task DeleteAsync(Guid userId, Guid mediaId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // The row lock waits for a submission that holds the picture (FOR SHARE in LockForUseAsync) to commit, so its job is seen below.
        var item = await db.MediaItems
            .FromSql($"SELECT * FROM media_items WHERE id = {mediaId} AND user_id = {userId} FOR UPDATE")
            .SingleOrDefaultAsync(cancellationToken)
            ?? throw new RequestRefusedException(NotFound);

        var assets = await db.Assets.CountAsync(a => a.UserId == userId && a.Recipe != null &&
            (a.Recipe.BackgroundMediaId == mediaId || a.Recipe.SubjectMediaId == mediaId), cancellationToken);
        var jobs = await db.GenerationJobs.CountAsync(j => j.UserId == userId && j.OutputKey != null &&
            (j.Status == JobStatus.Queued || j.Status == JobStatus.Processing) &&
            (j.PlatformContext.BackgroundMediaId == mediaId || j.PlatformContext.SubjectMediaId == mediaId), cancellationToken);
        if (assets > 0 || jobs > 0)
        {
            throw new RequestRefusedException(assets > 0
                ? $"This picture is in {assets} asset{(assets == 1 ? "" : "s")} of yours, and making variations of {(assets == 1 ? "it" : "them")} needs it. " +
                  "Delete those assets in the gallery first, then delete the picture."
                : "A job that uses this picture is still running. Wait for it to finish, then delete the picture if its asset is gone too.");
        }

        db.MediaItems.Remove(item);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await DeleteFilesAsync(item);
    }

    /// <summary>
    /// Checks, in the caller's transaction, that the chosen pictures are the creator's and fit their role, and holds
    /// them (FOR SHARE) so a delete cannot slip between this check and the job's commit.
    /// </summary>
    public static async Task LockForUseAsync(StudioDbContext db, Guid userId, Guid? backgroundId, Guid? subjectId,
        CancellationToken cancellationToken)
    {
        Guid[] ids = [.. new[] { backgroundId, subjectId }.OfType<Guid>().Distinct()];
        if (ids.Length == 0)
        {
            return;
        }

        var found = await db.MediaItems
            .FromSql($"SELECT * FROM media_items WHERE id = ANY({ids}) AND user_id = {userId} FOR SHARE")
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (backgroundId is { } b && found.All(m => m.Id != b))
        {
            throw new RequestRefusedException("The background picture was not found in your media library. Pick another one, or none.");
        }

        if (subjectId is { } s)
        {
            var subject = found.SingleOrDefault(m => m.Id == s)
                ?? throw new RequestRefusedException("The cut-out was not found in your media library. Pick another one, or none.");
            if (subject.Kind != MediaKind.Subject)
            {
                throw new RequestRefusedException("That picture has no transparent background, so it can only be used as a background. Pick a cut-out with transparency.");
            }
        }
    }

    /// <summary>The picture's bytes and focal point for a render; null when there is none of the creator's (it was never chosen, or its file is gone).</summary>
    public async Task<MediaPicture?> LoadForRenderAsync(Guid userId, Guid? mediaId, CancellationToken cancellationToken = default)
    {
        if (mediaId is not { } id)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var item = await db.MediaItems.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id && m.UserId == userId, cancellationToken);
        if (item is null || await storage.OpenReadAsync(item.StorageKey, cancellationToken) is not { } stream)
        {
            return null;
        }

        await using (stream)
        {
            using var buffer = new MemoryStream();
            await stream.CopyToAsync(buffer, cancellationToken);
            return new MediaPicture(buffer.ToArray(), FocusOf(item));
        }
    }

    private static MediaCard CardOf(MediaItem m) =>
        new(m.Id, m.Kind, m.Name, m.Description, m.Width, m.Height, m.TransparentShare, FocusOf(m), m.CreatedAt);

    private static FocalPoint? FocusOf(MediaItem m) => m.FocusX is { } x && m.FocusY is { } y ? new FocalPoint(x, y) : null;

    /// <summary>The upload's file name without folder or extension, trimmed; a description when there is none.</summary>
    private static string NameOf(string? fileName, ProcessedMedia processed)
    {
        var name = Path.GetFileNameWithoutExtension(fileName ?? "").Trim();
        name = new string([.. name.Select(c => char.IsControl(c) ? ' ' : c)]);
        if (name.Length == 0)
        {
            name = $"{(processed.Kind == MediaKind.Subject ? "Cut-out" : "Screenshot")} {processed.Width}×{processed.Height}";
        }

        return name.Length <= MaxName ? name : name[..MaxName];
    }

    /// <summary>
    /// The first description: the name with its separators read as spaces and a capital first letter
    /// ("boss_fight-02" → "Boss fight 02"); the picture's kind and size when nothing readable is left.
    /// </summary>
    private static string DescriptionOf(string name, ProcessedMedia processed)
    {
        var words = Whitespace().Replace(Separators().Replace(name, " "), " ").Trim();
        if (words.Length == 0)
        {
            words = $"{(processed.Kind == MediaKind.Subject ? "Cut-out" : "Screenshot")} {processed.Width}×{processed.Height}";
        }

        words = char.ToUpperInvariant(words[0]) + words[1..];
        return words.Length <= MaxDescription ? words : words[..MaxDescription].TrimEnd();
    }

    [GeneratedRegex(@"[_\-.+~]+")]
    private static partial Regex Separators();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    private async Task DeleteFilesAsync(MediaItem item)
    {
        foreach (var key in new[] { item.StorageKey, item.PreviewKey })
        {
            try
            {
                await storage.DeleteAsync(key, CancellationToken.None);
            }
            catch (Exception e)
            {
                LogFileNotDeleted(e, key);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not delete the media file {Key}")]
    private partial void LogFileNotDeleted(Exception exception, string key);
}
