using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SkiaSharp;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Platforms;

/// <summary>Where an asset can go: videos to set its thumbnail on, channels to set its banner on, and places only the creator can reach.</summary>
public sealed record ChannelTargets(bool HasChannels, IReadOnlyList<VideoTarget> Videos, IReadOnlyList<BannerTarget> Banners,
    IReadOnlyList<ManualTarget> Manual);

public sealed record VideoTarget(Guid ContentItemId, string Title, string? ThumbnailUrl, DateTimeOffset? PublishedAt);

public sealed record BannerTarget(Guid ChannelId, string Name, string? AvatarUrl);

/// <summary>A place the platform gives no API for: the creator downloads the file and uploads it there by hand.</summary>
public sealed record ManualTarget(string PlatformName, string What, string WhyByHand, IReadOnlyList<string> Steps, string? PlaceUrl, string PlaceLabel,
    string DownloadUrl);

/// <summary>A change made, as the creator reads it back; <see cref="Id"/> is what <see cref="ChannelChanges.UndoAsync"/> takes.</summary>
public sealed record ChannelChange(Guid Id, string What, string Target, bool IsUndo, DateTimeOffset At, bool CanUndo);

public sealed record ChangeDone(Guid ChangeId, string Message, string? ImageUrl);

/// <summary>
/// Puts a creator's assets on their channels: a YouTube video's thumbnail (<c>thumbnails.set</c>) and a YouTube channel's
/// banner (<c>channelBanners.insert</c> + <c>channels.update</c>), each undoable; for Twitch and TikTok, which have no API
/// for images, where to upload by hand. Every call takes the creator's id: another creator's asset, video or channel is
/// "not found", and nothing is uploaded before every check has passed. What was on the channel before is kept first
/// (the thumbnail's bytes in our storage, the banner's URL), and every change is a <see cref="ContentRevision"/> written
/// with its audit row, so undo can put it back.
/// </summary>
public sealed partial class ChannelChanges(
    IDbContextFactory<StudioDbContext> dbFactory,
    IAssetStorage storage,
    ChannelConnections connections,
    IHttpClientFactory httpFactory,
    IOptionsMonitor<PlatformsOptions> options,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<ChannelChanges> logger)
{
    public const string ThumbnailField = "thumbnail";
    public const string BannerField = "banner";
    public const string StudioSource = "studio";
    public const string UndoSource = "undo";
    public const string ThumbnailSetAction = AuditTrail.Actions.ThumbnailSet;
    public const string BannerSetAction = AuditTrail.Actions.ChannelBannerSet;
    public const long ThumbnailMaxBytes = 2 * 1024 * 1024;
    public const long BannerMaxBytes = 6 * 1024 * 1024;
    public const int BannerMinWidth = 2048;
    public const int BannerMinHeight = 1152;

    public const string VideoNotFound = "That video was not found. Sync your channel and pick it again.";
    public const string ChannelNotFound = "That channel was not found.";
    public const string ChangeNotFound = "That change was not found.";

    private static readonly WayOut Channels = new("/channels", "Open Channels");
    private static readonly string[] ThumbnailScopes =
        ["https://www.googleapis.com/auth/youtube.upload", "https://www.googleapis.com/auth/youtube.force-ssl", "https://www.googleapis.com/auth/youtube"];
    private static readonly string[] BannerScopes = ["https://www.googleapis.com/auth/youtube.force-ssl", "https://www.googleapis.com/auth/youtube"];
    private const int KeptImageMaxBytes = 10 * 1024 * 1024;

    /// <summary>What this asset can go onto, for its owner; null when it is not theirs.</summary>
    public async Task<ChannelTargets?> TargetsAsync(Guid userId, Guid assetId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await FindAssetAsync(db, userId, assetId, cancellationToken);
        if (asset is null)
        {
            return null;
        }

        var channels = await db.Channels.AsNoTracking().Where(c => c.UserId == userId)
            .OrderByDescending(c => c.IsPrimary).ThenBy(c => c.Name)
            .Select(c => new { c.Id, c.Platform, c.Name, c.Handle, c.AvatarUrl }).ToListAsync(cancellationToken);
        var videos = new List<VideoTarget>();
        if (IsThumbnail(asset))
        {
            videos = await db.ContentItems.AsNoTracking()
                .Where(i => i.UserId == userId && i.Platform == Platform.Youtube && i.Kind != ContentKind.Short)
                .OrderByDescending(i => i.PublishedAt).Take(50)
                .Select(i => new VideoTarget(i.Id, i.Title, i.ThumbnailUrl, i.PublishedAt)).ToListAsync(cancellationToken);
        }

        var banners = IsYoutubeBanner(asset)
            ? channels.Where(c => c.Platform == Platform.Youtube).Select(c => new BannerTarget(c.Id, c.Name, c.AvatarUrl)).ToList()
            : [];
        var twitchLogin = channels.FirstOrDefault(c => c.Platform == Platform.Twitch)?.Handle;
        return new ChannelTargets(channels.Count > 0, videos, banners, ManualTargets(asset, assetId, twitchLogin));
    }

    /// <summary>
    /// Sets the asset as the video's thumbnail on YouTube: keeps the current one for undo, re-encodes to a JPEG under
    /// 2 MB when the file is not already a JPEG or PNG that small, uploads, then records the revision and the audit row
    /// together.
    /// </summary>
    public async Task<ChangeDone> SetThumbnailAsync(Guid userId, Guid assetId, Guid contentItemId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await FindAssetAsync(db, userId, assetId, cancellationToken) ?? throw new RequestRefusedException(AssetService.NotFound);
        var video = await FindVideoAsync(db, userId, contentItemId, cancellationToken);
        if (!IsThumbnail(asset))
        {
            throw new RequestRefusedException($"Only a 16:9 thumbnail can go on a video; this asset is {asset.Width}×{asset.Height}.");
        }

        var original = await ReadAsync(asset.StorageKey, cancellationToken) ?? throw new RequestRefusedException(AssetService.NotFound);
        var (image, contentType) = ForUpload(original, ThumbnailMaxBytes);
        var done = await ApplyThumbnailAsync(db, userId, video, image, contentType, assetId.ToString(), StudioSource, null,
            new { asset = assetId, video = video.PlatformContentId }, cancellationToken);
        return done with { Message = $"Thumbnail set on “{video.Title}”. YouTube can take a few minutes to show it everywhere." };
    }

    /// <summary>
    /// Sets the asset as the YouTube channel's banner: uploads it (<c>channelBanners.insert</c>), then sends the channel's
    /// branding settings back exactly as read with only the banner URL changed. The previous URL is kept in the audit row,
    /// whose id is the change's.
    /// </summary>
    public async Task<ChangeDone> SetBannerAsync(Guid userId, Guid assetId, Guid channelId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var asset = await FindAssetAsync(db, userId, assetId, cancellationToken) ?? throw new RequestRefusedException(AssetService.NotFound);
        var channel = await FindChannelAsync(db, userId, channelId, cancellationToken);
        if (!IsYoutubeBanner(asset))
        {
            throw new RequestRefusedException(
                $"YouTube banners are 16:9 and at least {BannerMinWidth}×{BannerMinHeight}; this asset is {asset.Width}×{asset.Height}.");
        }

        var original = await ReadAsync(asset.StorageKey, cancellationToken) ?? throw new RequestRefusedException(AssetService.NotFound);
        var (image, contentType) = ForUpload(original, BannerMaxBytes);
        var youtube = await YoutubeAsync(db, userId, channel.ConnectionId, BannerScopes, "setting your channel banner", cancellationToken);
        string? previous;
        string url;
        try
        {
            var branding = await youtube.BrandingAsync(channel.PlatformChannelId, cancellationToken);
            previous = YoutubeWrites.BannerUrl(branding);
            url = await youtube.InsertBannerAsync(image, contentType, cancellationToken);
            YoutubeWrites.SetBannerUrl(branding, url);
            await youtube.UpdateBrandingAsync(channel.PlatformChannelId, branding, cancellationToken);
        }
        catch (YoutubeRefusedException e)
        {
            throw Refusal(e, "setting your channel banner", "channel");
        }

        var changeId = await RecordAsync(db, userId, channel.Id, null, BannerField, previous, assetId.ToString(), StudioSource, null,
            BannerSetAction, "channel", channel.Id, new { bannerExternalUrl = previous }, new { bannerExternalUrl = url, asset = assetId }, cancellationToken);
        LogBannerSet(userId, channel.Id);
        return new ChangeDone(changeId, $"Banner set on {channel.Name}. YouTube can take a few minutes to show it everywhere.", url);
    }

    /// <summary>Puts back what a change replaced, as a change of its own (which can be undone in turn). Refused when nothing was kept or it was undone already.</summary>
    public async Task<ChangeDone> UndoAsync(Guid userId, Guid changeId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revision = await db.ContentRevisions.AsNoTracking().SingleOrDefaultAsync(r => r.Id == changeId && r.UserId == userId, cancellationToken)
                       ?? throw new RequestRefusedException(ChangeNotFound);
        if (revision.Reason is { } grouped && grouped.StartsWith("with:", StringComparison.Ordinal) && Guid.TryParse(grouped["with:".Length..], out var firstId))
        {
            // One field of a change to a video's words: the change is undone whole, from its first revision.
            return await UndoAsync(userId, firstId, cancellationToken);
        }

        if (await db.ContentRevisions.AnyAsync(r => r.UserId == userId && r.Reason == UndoReason(revision.Id), cancellationToken))
        {
            throw new RequestRefusedException("That change was undone already.");
        }

        return revision.Field switch
        {
            BannerField => await UndoBannerAsync(db, userId, revision, cancellationToken),
            TitleField or DescriptionField or TagsField => await UndoCopyAsync(db, userId, revision, cancellationToken),
            _ => await UndoThumbnailAsync(db, userId, revision, cancellationToken),
        };
    }

    /// <summary>The recent changes made from this asset, or to this video, newest first, with the undos that answered them.</summary>
    public async Task<IReadOnlyList<ChannelChange>> HistoryAsync(Guid userId, Guid? assetId = null, Guid? contentItemId = null,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var revisions = await db.ContentRevisions.AsNoTracking()
            .Where(r => r.UserId == userId && (r.Field == ThumbnailField || r.Field == BannerField) && (contentItemId == null || r.ContentItemId == contentItemId))
            .OrderByDescending(r => r.CreatedAt).Take(200)
            .Select(r => new { r.Id, r.Field, Target = r.ContentItem != null ? r.ContentItem.Title : r.Channel!.Name, r.OldValue, r.NewValue, r.Source, r.Reason, r.CreatedAt })
            .ToListAsync(cancellationToken);
        var undone = revisions.Select(r => r.Reason).OfType<string>().ToHashSet();
        var fromAsset = assetId is { } id ? revisions.Where(r => r.NewValue == id.ToString()).Select(r => UndoReason(r.Id)).ToHashSet() : null;
        return [.. revisions
            .Where(r => fromAsset is null || fromAsset.Contains(UndoReason(r.Id)) || (r.Reason is { } reason && fromAsset.Contains(reason)))
            .Select(r =>
            {
                var what = r.Field == BannerField ? "Banner" : "Thumbnail";
                return new ChannelChange(r.Id, r.Source == UndoSource ? $"{what} put back" : $"{what} set", r.Target, r.Source == UndoSource, r.CreatedAt,
                    r.OldValue is not null && !undone.Contains(UndoReason(r.Id)));
            })
            .Take(20)];
    }

    private async Task<ChangeDone> UndoThumbnailAsync(StudioDbContext db, Guid userId, ContentRevision revision, CancellationToken cancellationToken)
    {
        if (revision.OldValue is not { } keptKey || await ReadAsync(keptKey, cancellationToken) is not { } kept)
        {
            throw new RequestRefusedException("There is no earlier thumbnail to put back: the video had none we could keep when it was changed.");
        }

        var video = await FindVideoAsync(db, userId, revision.ContentItemId ?? Guid.Empty, cancellationToken);
        var done = await ApplyThumbnailAsync(db, userId, video, kept, ContentTypeOf(kept) ?? "image/jpeg", keptKey, UndoSource, UndoReason(revision.Id),
            new { undoes = revision.Id, video = video.PlatformContentId }, cancellationToken);
        return done with { Message = $"The previous thumbnail is back on “{video.Title}”." };
    }

    private async Task<ChangeDone> UndoBannerAsync(StudioDbContext db, Guid userId, ContentRevision revision, CancellationToken cancellationToken)
    {
        if (revision.OldValue is not { } previous)
        {
            throw new RequestRefusedException("There is no earlier banner to put back: the channel had none when it was changed.");
        }

        var channel = await FindChannelAsync(db, userId, revision.ChannelId, cancellationToken);
        var youtube = await YoutubeAsync(db, userId, channel.ConnectionId, BannerScopes, "setting your channel banner", cancellationToken);
        string? current;
        try
        {
            var branding = await youtube.BrandingAsync(channel.PlatformChannelId, cancellationToken);
            current = YoutubeWrites.BannerUrl(branding);
            YoutubeWrites.SetBannerUrl(branding, previous);
            await youtube.UpdateBrandingAsync(channel.PlatformChannelId, branding, cancellationToken);
        }
        catch (YoutubeRefusedException e)
        {
            throw Refusal(e, "setting your channel banner", "channel");
        }

        var changeId = await RecordAsync(db, userId, channel.Id, null, BannerField, current, previous, UndoSource, UndoReason(revision.Id),
            BannerSetAction, "channel", channel.Id, new { bannerExternalUrl = current }, new { bannerExternalUrl = previous, undoes = revision.Id }, cancellationToken);
        return new ChangeDone(changeId, $"The previous banner is back on {channel.Name}.", previous);
    }

    /// <summary>Keeps the current thumbnail, uploads the new one, and records the revision, the item's new URL and the audit row in one transaction.</summary>
    private async Task<ChangeDone> ApplyThumbnailAsync(StudioDbContext db, Guid userId, Video video, byte[] image, string contentType, string newValue,
        string source, string? reason, object audited, CancellationToken cancellationToken)
    {
        var youtube = await YoutubeAsync(db, userId, video.ConnectionId, ThumbnailScopes, "thumbnail uploads", cancellationToken);
        var keptKey = await KeepAsync(userId, video.ThumbnailUrl, cancellationToken);
        string? newUrl;
        try
        {
            newUrl = await youtube.SetThumbnailAsync(video.PlatformContentId, image, contentType, cancellationToken);
        }
        catch (YoutubeRefusedException e)
        {
            if (keptKey is not null)
            {
                await storage.DeleteAsync(keptKey, CancellationToken.None);
            }

            LogYoutubeRefused(userId, e.Status, e.Reason);
            throw Refusal(e, "thumbnail uploads", "video");
        }

        var changeId = await RecordAsync(db, userId, video.ChannelId, video.Id, ThumbnailField, keptKey, newValue, source, reason,
            ThumbnailSetAction, "content_item", video.Id, new { thumbnail = video.ThumbnailUrl, kept = keptKey }, audited, cancellationToken,
            () => db.ContentItems.Where(i => i.Id == video.Id && i.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(i => i.ThumbnailUrl, i => newUrl ?? i.ThumbnailUrl).SetProperty(i => i.UpdatedAt, clock.GetUtcNow()),
                    cancellationToken));
        LogThumbnailSet(userId, video.Id, changeId);
        return new ChangeDone(changeId, "", newUrl);
    }

    /// <summary>
    /// The one record of a change: the revision (its id is the change's), <paramref name="alsoWrite"/> and the audit row
    /// (with the revision's id), in one transaction.
    /// </summary>
    private async Task<Guid> RecordAsync(StudioDbContext db, Guid userId, Guid channelId, Guid? contentItemId, string field, string? oldValue,
        string newValue, string source, string? reason, string action, string entityType, Guid entityId, object auditOld, object auditNew,
        CancellationToken cancellationToken, Func<Task<int>>? alsoWrite = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var revision = db.ContentRevisions.Add(new ContentRevision
        {
            ChannelId = channelId, ContentItemId = contentItemId, UserId = userId, Field = field, OldValue = oldValue, NewValue = newValue,
            Source = source, Reason = reason, CreatedAt = clock.GetUtcNow(),
        }).Entity;
        await db.SaveChangesAsync(cancellationToken);
        if (alsoWrite is not null)
        {
            await alsoWrite();
        }

        var newValues = JsonSerializer.SerializeToNode(auditNew)!.AsObject();
        newValues["revision"] = revision.Id;
        await audit.WriteAsync(userId, action, entityType, entityId, auditOld, newValues, db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return revision.Id;
    }

    /// <summary>The connection's token, after checking it was granted a scope that allows the change (so a missing one is said before anything is sent).</summary>
    private async Task<YoutubeWrites> YoutubeAsync(StudioDbContext db, Guid userId, Guid connectionId, string[] scopes, string feature,
        CancellationToken cancellationToken)
    {
        var granted = await db.PlatformConnections.AsNoTracking().Where(c => c.Id == connectionId && c.UserId == userId)
            .Select(c => c.Scopes).SingleOrDefaultAsync(cancellationToken) ?? throw new RequestRefusedException("That channel is not connected.", Channels);
        if (!granted.Intersect(scopes).Any())
        {
            throw new RequestRefusedException(NotAllowed(feature), Channels);
        }

        try
        {
            var token = await connections.AccessTokenAsync(userId, connectionId, cancellationToken: cancellationToken);
            return new YoutubeWrites(httpFactory.CreateClient(PlatformApi.HttpClientName), options.CurrentValue.Youtube, token);
        }
        catch (ChannelNeedsReconnectException e)
        {
            throw new RequestRefusedException(e.Message, Channels);
        }
        catch (PlatformUnavailableException)
        {
            throw new RequestRefusedException(TryLater);
        }
    }

    private const string TryLater = "YouTube is not answering properly right now; nothing was changed. Try again in a few minutes.";

    private static string NotAllowed(string feature) =>
        $"Streamer Studio is not allowed to do this on your YouTube channel. Reconnect YouTube and allow {feature} when you reconnect.";

    /// <summary>What YouTube's refusal means for the creator. Nothing was changed in every case.</summary>
    private static RequestRefusedException Refusal(YoutubeRefusedException e, string feature, string target) => e switch
    {
        { Status: 403, Reason: "quotaExceeded" or "dailyLimitExceeded" } => new RequestRefusedException(
            "YouTube's daily allowance for Streamer Studio is used up. Try again after midnight Pacific time; nothing was changed."),
        { Status: 401 } => new RequestRefusedException("YouTube no longer accepts Streamer Studio's access. Reconnect YouTube, then try again.", Channels),
        { Status: 403, Reason: "forbidden" } when e.Detail?.Contains("custom video thumbnails", StringComparison.OrdinalIgnoreCase) == true =>
            new RequestRefusedException("YouTube only lets verified accounts set custom thumbnails — verify at youtube.com/verify, then try again.",
                new WayOut("https://www.youtube.com/verify", "Verify on YouTube")),
        { Status: 403 } => new RequestRefusedException(NotAllowed(feature), Channels),
        { Status: 404 } => new RequestRefusedException(target == "video"
            ? "YouTube cannot find this video any more (deleted, or not yours?). Nothing was changed."
            : "YouTube cannot find this channel. Nothing was changed."),
        { Status: 400 or 413 } => new RequestRefusedException($"YouTube did not accept this image ({e.Reason ?? "invalid image"}). Nothing was changed."),
        { Status: 429 } => new RequestRefusedException("YouTube is limiting uploads right now. Try again later; nothing was changed."),
        _ => new RequestRefusedException(TryLater),
    };

    /// <summary>A copy of what the item shows now, in our storage under the creator's prefix; null when it has no thumbnail.</summary>
    private async Task<string?> KeepAsync(Guid userId, string? url, CancellationToken cancellationToken)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }

        byte[] bytes;
        try
        {
            using var response = await httpFactory.CreateClient(PlatformApi.HttpClientName).GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            response.EnsureSuccessStatusCode();
            if (response.Content.Headers.ContentLength > KeptImageMaxBytes)
            {
                throw new InvalidDataException("too large");
            }

            bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or InvalidDataException)
        {
            throw new RequestRefusedException("Could not keep a copy of the current thumbnail (needed for undo), so nothing was changed. Try again in a minute.");
        }

        if (bytes.Length > KeptImageMaxBytes || ContentTypeOf(bytes) is not { } type)
        {
            throw new RequestRefusedException("The current thumbnail could not be read, so nothing was changed (we keep it for undo). Try again in a minute.");
        }

        var key = StorageKeys.NewAssetKey(userId, type == "image/png" ? "png" : "jpg");
        await storage.PutAsync(key, bytes, type, cancellationToken);
        return key;
    }

    /// <summary>
    /// The file as it can be uploaded: unchanged when it is a JPEG or PNG within <paramref name="maxBytes"/>; otherwise a
    /// JPEG on white, quality stepped down from 90 to 60, then scaled down by 15 % at a time until it fits.
    /// </summary>
    internal static (byte[] Bytes, string ContentType) ForUpload(byte[] original, long maxBytes)
    {
        if (original.Length <= maxBytes && ContentTypeOf(original) is ("image/jpeg" or "image/png") and var type)
        {
            return (original, type);
        }

        using var bitmap = SKBitmap.Decode(original) ?? throw new RequestRefusedException("The asset's file could not be read as an image.");
        for (var scale = 1f; bitmap.Width * scale >= 320; scale *= 0.85f)
        {
            var (width, height) = ((int)Math.Round(bitmap.Width * scale), (int)Math.Round(bitmap.Height * scale));
            using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
            surface.Canvas.Clear(SKColors.White);
            using (var scaled = SKImage.FromBitmap(bitmap))
            {
                surface.Canvas.DrawImage(scaled, new SKRect(0, 0, width, height), new SKSamplingOptions(SKCubicResampler.Mitchell));
            }

            using var snapshot = surface.Snapshot();
            for (var quality = 90; quality >= 60; quality -= 10)
            {
                using var encoded = snapshot.Encode(SKEncodedImageFormat.Jpeg, quality);
                if (encoded.Size <= maxBytes)
                {
                    return (encoded.ToArray(), "image/jpeg");
                }
            }
        }

        throw new RequestRefusedException("This image cannot be made small enough for YouTube.");
    }

    internal static string? ContentTypeOf(byte[] bytes) =>
        bytes is [0xFF, 0xD8, 0xFF, ..] ? "image/jpeg"
        : bytes is [0x89, 0x50, 0x4E, 0x47, ..] ? "image/png"
        : bytes is [0x52, 0x49, 0x46, 0x46, _, _, _, _, 0x57, 0x45, 0x42, 0x50, ..] ? "image/webp"
        : null;

    private static bool IsThumbnail(AssetRow asset) => asset.AssetType == AssetType.Thumbnail && asset.Width * 9 == asset.Height * 16;

    private static bool IsYoutubeBanner(AssetRow asset) =>
        asset.AssetType == AssetType.Banner && asset.Width * 9 == asset.Height * 16 && asset.Width >= BannerMinWidth && asset.Height >= BannerMinHeight;

    /// <summary>The honest answer for platforms without an API: where the creator uploads the file themselves.</summary>
    private static List<ManualTarget> ManualTargets(AssetRow asset, Guid assetId, string? twitchLogin)
    {
        var download = $"assets/{assetId}/file?download=true";
        var spec = AssetService.SpecOf(asset.AssetType, asset.Width, asset.Height);
        var twitchBrand = twitchLogin is null ? "https://dashboard.twitch.tv/" : $"https://dashboard.twitch.tv/u/{Uri.EscapeDataString(twitchLogin)}/settings/channel";
        const string twitchWhy = "Twitch has no API for channel images, so this one is uploaded by hand.";
        return (spec.Type, spec.Platform) switch
        {
            (AssetType.Banner, Platform.Twitch) =>
            [
                new("Twitch", "Profile banner", twitchWhy,
                    ["Download the file.", "Open your Creator Dashboard → Settings → Channel → Brand.", "Under Profile Banner choose Update and pick the file."],
                    twitchBrand, "Open Twitch settings", download),
            ],
            (AssetType.OfflineScreen, _) =>
            [
                new("Twitch", "Offline banner", twitchWhy,
                    ["Download the file.", "Open your Creator Dashboard → Settings → Channel → Brand.",
                        "Under Video Player Banner (shown while you are offline) choose Update and pick the file."],
                    twitchBrand, "Open Twitch settings", download),
            ],
            (AssetType.Overlay, _) =>
            [
                new("Twitch", "Stream overlay", "Overlays live in your streaming software, not on Twitch.",
                    ["Download the file.", "In OBS or Streamlabs add an Image source to your scene and pick the file.", "Place it above your game capture."],
                    null, "", download),
            ],
            (AssetType.StoryGraphic or AssetType.ClipCover, _) =>
            [
                new("TikTok", spec.Type == AssetType.ClipCover ? "Video cover" : "Story", "TikTok has no API to change a cover or post a story image for you.",
                    spec.Type == AssetType.ClipCover
                        ? ["Download the file to your phone.", "When you post the clip in the TikTok app, tap Edit cover and add the image."]
                        : ["Download the file to your phone.", "In the TikTok app tap +, choose Story, and pick the image."],
                    null, "", download),
            ],
            _ => [],
        };
    }

    private async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        await using var stream = await storage.OpenReadAsync(key, cancellationToken);
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private Task<AssetRow?> FindAssetAsync(StudioDbContext db, Guid userId, Guid assetId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.Assets.AsNoTracking().Where(a => a.Id == assetId && a.UserId == userId && (a.ExpiresAt == null || a.ExpiresAt > now))
            .Select(a => new AssetRow(a.StorageKey, a.AssetType, a.Width, a.Height)).SingleOrDefaultAsync(cancellationToken);
    }

    private static async Task<Video> FindVideoAsync(StudioDbContext db, Guid userId, Guid contentItemId, CancellationToken cancellationToken) =>
        await db.ContentItems.AsNoTracking().Where(i => i.Id == contentItemId && i.UserId == userId && i.Platform == Platform.Youtube)
            .Select(i => new Video(i.Id, i.ChannelId, i.PlatformContentId, i.Title, i.ThumbnailUrl, i.Channel!.ConnectionId)).SingleOrDefaultAsync(cancellationToken)
        ?? throw new RequestRefusedException(VideoNotFound);

    private static async Task<ChannelRow> FindChannelAsync(StudioDbContext db, Guid userId, Guid channelId, CancellationToken cancellationToken) =>
        await db.Channels.AsNoTracking().Where(c => c.Id == channelId && c.UserId == userId && c.Platform == Platform.Youtube)
            .Select(c => new ChannelRow(c.Id, c.PlatformChannelId, c.Name, c.ConnectionId)).SingleOrDefaultAsync(cancellationToken)
        ?? throw new RequestRefusedException(ChannelNotFound);

    private static string UndoReason(Guid revisionId) => $"undo:{revisionId}";

    private sealed record AssetRow(string StorageKey, AssetType AssetType, int Width, int Height);

    private sealed record Video(Guid Id, Guid ChannelId, string PlatformContentId, string Title, string? ThumbnailUrl, Guid ConnectionId);

    private sealed record ChannelRow(Guid Id, string PlatformChannelId, string Name, Guid ConnectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creator {UserId} set a thumbnail on content item {ContentItemId} (revision {RevisionId})")]
    private partial void LogThumbnailSet(Guid userId, Guid contentItemId, Guid revisionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creator {UserId} set the banner of channel {ChannelId}")]
    private partial void LogBannerSet(Guid userId, Guid channelId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "YouTube refused a change for creator {UserId}: {Status} ({Reason})")]
    private partial void LogYoutubeRefused(Guid userId, int status, string? reason);
}
