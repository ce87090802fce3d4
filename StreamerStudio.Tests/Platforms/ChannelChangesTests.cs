using System.Text.Json.Nodes;
using Microsoft.AspNetCore.WebUtilities;
using SkiaSharp;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Platforms;

/// <summary>
/// Putting assets on a YouTube channel through the platform sandbox: thumbnails set, re-encoded under 2 MB and undone
/// byte for byte; banners set and undone with the rest of the branding kept; another creator's ids are "not found"
/// with nothing uploaded; a missing scope is said before anything is sent.
/// </summary>
public sealed class ChannelChangesTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string UploadScope = "https://www.googleapis.com/auth/youtube.upload";
    private const string ForceSslScope = "https://www.googleapis.com/auth/youtube.force-ssl";

    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    private ChannelChanges Changes => app.Services.CreateScope().ServiceProvider.GetRequiredService<ChannelChanges>();

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;

    [Fact]
    public async Task Setting_a_thumbnail_uploads_the_asset_keeps_the_old_one_and_writes_a_revision_and_an_audit_row()
    {
        var userId = await NewCreatorAsync();
        var videos = await ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        var png = SolidPng(1280, 720, SKColors.OrangeRed);
        var assetId = await SeedAssetAsync(app, userId, png);
        var video = videos["dQw4sbx0001"];
        var before = await GetBytesAsync(Sandbox.ImageUrl(Platform.Youtube, "dQw4sbx0001"));

        var done = await Changes.SetThumbnailAsync(userId, assetId, video);

        Assert.StartsWith("Thumbnail set on “I Beat Hollow Knight Without Taking Damage”.", done.Message);
        Assert.Equal(png, Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0001"));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var revision = await db.ContentRevisions.SingleAsync(r => r.ContentItemId == video);
        Assert.Equal((done.ChangeId, userId, "thumbnail", assetId.ToString(), "studio"),
            (revision.Id, revision.UserId, revision.Field, revision.NewValue, revision.Source));
        Assert.NotNull(revision.OldValue);
        Assert.Equal(before, await ReadStoredAsync(revision.OldValue));
        Assert.True(await db.AuditLog.AnyAsync(a => a.UserId == userId && a.Action == ChannelChanges.ThumbnailSetAction && a.EntityId == video));
        Assert.Equal(Sandbox.ImageUrl(Platform.Youtube, "dQw4sbx0001"), (await db.ContentItems.SingleAsync(i => i.Id == video)).ThumbnailUrl);
    }

    [Fact]
    public async Task An_asset_whose_png_is_over_2_MB_goes_up_as_a_jpeg_under_2_MB()
    {
        var userId = await NewCreatorAsync();
        var videos = await ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        var noisy = NoisyPng(1280, 720);
        Assert.True(noisy.Length > ChannelChanges.ThumbnailMaxBytes, $"the test image is only {noisy.Length} bytes");
        var assetId = await SeedAssetAsync(app, userId, noisy);

        await Changes.SetThumbnailAsync(userId, assetId, videos["dQw4sbx0002"]);

        var sent = Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0002");
        Assert.NotNull(sent);
        Assert.True(sent.Length <= ChannelChanges.ThumbnailMaxBytes, $"{sent.Length} bytes went up");
        Assert.Equal([0xFF, 0xD8, 0xFF], sent[..3]);
        using var decoded = SKBitmap.Decode(sent);
        Assert.Equal(16 * decoded.Height, 9 * decoded.Width);
    }

    [Fact]
    public async Task Another_creators_asset_or_video_is_not_found_and_nothing_is_uploaded()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var ownersVideos = await ConnectYoutubeWithVideosAsync(app, Sandbox, owner);
        var strangersVideos = await ConnectYoutubeWithVideosAsync(app, Sandbox, stranger);
        var ownersAsset = await SeedAssetAsync(app, owner, SolidPng(1280, 720, SKColors.Teal));
        var strangersAsset = await SeedAssetAsync(app, stranger, SolidPng(1280, 720, SKColors.Gold));

        var theirAsset = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.SetThumbnailAsync(stranger, ownersAsset, strangersVideos["dQw4sbx0004"]));
        var theirVideo = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.SetThumbnailAsync(stranger, strangersAsset, ownersVideos["dQw4sbx0004"]));

        Assert.Equal(AssetService.NotFound, theirAsset.Message);
        Assert.Equal(ChannelChanges.VideoNotFound, theirVideo.Message);
        Assert.Null(Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0004"));
        Assert.Null(await Changes.TargetsAsync(stranger, ownersAsset));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.ContentRevisions.AnyAsync(r => r.UserId == stranger || r.UserId == owner));
    }

    [Fact]
    public async Task Without_the_upload_scope_the_creator_is_told_to_allow_it_and_nothing_is_recorded()
    {
        var userId = await NewCreatorAsync();
        var videos = await ConnectYoutubeWithVideosAsync(app, Sandbox, userId, untick: [UploadScope, ForceSslScope]);
        var assetId = await SeedAssetAsync(app, userId, SolidPng(1280, 720, SKColors.Navy));
        var sentBefore = Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0003");

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.SetThumbnailAsync(userId, assetId, videos["dQw4sbx0003"]));

        Assert.Contains("allow thumbnail uploads when you reconnect", refused.Message);
        Assert.Equal("/channels", refused.WayOut?.Href);
        Assert.Equal(sentBefore, Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0003"));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.ContentRevisions.AnyAsync(r => r.UserId == userId));
        Assert.False(await db.AuditLog.AnyAsync(a => a.UserId == userId && a.Action == ChannelChanges.ThumbnailSetAction));
    }

    [Fact]
    public async Task An_unverified_youtube_account_is_told_to_verify()
    {
        var userId = await NewCreatorAsync();
        var videos = await ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        var assetId = await SeedAssetAsync(app, userId, SolidPng(1280, 720, SKColors.Plum));
        Sandbox.YoutubeAccountUnverified = true;
        try
        {
            var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.SetThumbnailAsync(userId, assetId, videos["dQw4sbx0003"]));

            Assert.Contains("verify at youtube.com/verify", refused.Message);
            await using var db = TestPostgres.CreateContext(app.ConnectionString);
            Assert.False(await db.ContentRevisions.AnyAsync(r => r.UserId == userId));
        }
        finally
        {
            Sandbox.YoutubeAccountUnverified = false;
        }
    }

    [Fact]
    public async Task Undo_puts_the_previous_thumbnail_back_byte_for_byte_and_cannot_be_done_twice()
    {
        var userId = await NewCreatorAsync();
        var videos = await ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        var assetId = await SeedAssetAsync(app, userId, SolidPng(1280, 720, SKColors.LimeGreen));
        var before = await GetBytesAsync(Sandbox.ImageUrl(Platform.Youtube, "dQw4sbx0003"));
        var set = await Changes.SetThumbnailAsync(userId, assetId, videos["dQw4sbx0003"]);

        var undone = await Changes.UndoAsync(userId, set.ChangeId);

        Assert.StartsWith("The previous thumbnail is back", undone.Message);
        Assert.Equal(before, Sandbox.UploadedImage(Platform.Youtube, "dQw4sbx0003"));
        var twice = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.UndoAsync(userId, set.ChangeId));
        Assert.Equal("That change was undone already.", twice.Message);
        var history = await Changes.HistoryAsync(userId, assetId);
        Assert.Equal(["Thumbnail put back", "Thumbnail set"], history.Select(h => h.What));
        Assert.False(history[1].CanUndo);
        var stranger = await NewCreatorAsync();
        Assert.Equal(ChannelChanges.ChangeNotFound, (await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.UndoAsync(stranger, undone.ChangeId))).Message);
    }

    [Fact]
    public async Task A_banner_is_set_and_undone_and_the_other_branding_settings_are_kept()
    {
        var userId = await NewCreatorAsync();
        await ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        var banner = SolidPng(2560, 1440, SKColors.DarkSlateBlue);
        var assetId = await SeedAssetAsync(app, userId, banner, AssetType.Banner);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var channelId = await db.Channels.Where(c => c.UserId == userId).Select(c => c.Id).SingleAsync();
        var before = Sandbox.YoutubeBranding;
        var targets = await Changes.TargetsAsync(userId, assetId);
        Assert.Equal([channelId], targets!.Banners.Select(b => b.ChannelId));
        Assert.Empty(targets.Videos);

        var set = await Changes.SetBannerAsync(userId, assetId, channelId);

        Assert.Equal(set.ImageUrl, Sandbox.YoutubeBannerUrl);
        Assert.NotEqual(before["image"]!["bannerExternalUrl"]!.GetValue<string>(), Sandbox.YoutubeBannerUrl);
        Assert.Equal(banner, await GetBytesAsync(set.ImageUrl!));
        Assert.True(JsonNode.DeepEquals(before["channel"], Sandbox.YoutubeBranding["channel"]));
        var revision = await db.ContentRevisions.SingleAsync(r => r.Id == set.ChangeId);
        Assert.Equal((channelId, (Guid?)null, "banner", before["image"]!["bannerExternalUrl"]!.GetValue<string>(), assetId.ToString()),
            (revision.ChannelId, revision.ContentItemId, revision.Field, revision.OldValue, revision.NewValue));
        Assert.True(await db.AuditLog.AnyAsync(a => a.UserId == userId && a.Action == ChannelChanges.BannerSetAction && a.EntityId == channelId));

        await Changes.UndoAsync(userId, set.ChangeId);

        Assert.True(JsonNode.DeepEquals(before, Sandbox.YoutubeBranding));
        Assert.Equal(["Banner put back", "Banner set"], (await Changes.HistoryAsync(userId, assetId)).Select(h => h.What));
    }

    [Fact]
    public async Task Twitch_banners_and_offline_screens_get_by_hand_steps_with_the_creators_dashboard_link()
    {
        var userId = await NewCreatorAsync();
        var assetId = await SeedAssetAsync(app, userId, SolidPng(1920, 1080, SKColors.Black), AssetType.OfflineScreen);

        var targets = await Changes.TargetsAsync(userId, assetId);

        Assert.False(targets!.HasChannels);
        var manual = Assert.Single(targets.Manual);
        Assert.Equal(("Twitch", "Offline banner", $"assets/{assetId}/file?download=true"), (manual.PlatformName, manual.What, manual.DownloadUrl));
        Assert.Contains(manual.Steps, s => s.Contains("Settings → Channel → Brand"));
    }

    // Shared with the browser test.

    /// <summary>Connects the sandbox's YouTube account for the creator and syncs its sample videos; their ids by video id.</summary>
    internal static async Task<Dictionary<string, Guid>> ConnectYoutubeWithVideosAsync(StudioAppFixture app, PlatformSandbox sandbox, Guid userId,
        string[]? untick = null)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var connections = scope.ServiceProvider.GetRequiredService<ChannelConnections>();
        var start = await connections.StartAsync(userId, Platform.Youtube, "http://127.0.0.1/channels/callback/youtube");
        var back = QueryHelpers.ParseQuery(new Uri(sandbox.Decide(start.AuthorizeUrl, true, untick ?? [])).Query);
        await connections.CallbackAsync(userId, Platform.Youtube, start.BrowserValue, back["state"], back["code"], null);
        var connectionId = (await connections.OverviewAsync(userId)).Channels.Single().ConnectionId;
        var synced = await scope.ServiceProvider.GetRequiredService<Domain.Platforms.Sync.ChannelSync>().SyncNowAsync(userId, connectionId);
        Assert.True(synced.Synced || untick is { Length: > 0 }, synced.Error);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.ContentItems.Where(i => i.UserId == userId).ToDictionaryAsync(i => i.PlatformContentId, i => i.Id);
    }

    internal static async Task<Guid> SeedAssetAsync(StudioAppFixture app, Guid userId, byte[] png, AssetType type = AssetType.Thumbnail)
    {
        using var bitmap = SKBitmap.Decode(png);
        var key = StorageKeys.NewAssetKey(userId, "png");
        await app.Services.GetRequiredService<IAssetStorage>().PutAsync(key, png, "image/png");
        var asset = new Asset
        {
            UserId = userId, AssetType = type, Width = bitmap.Width, Height = bitmap.Height, Format = AssetFormat.Png, FileSizeBytes = png.Length,
            StorageKey = key, PromptUsed = "Road to Diamond", ViralScore = 70, CreatedAt = DateTimeOffset.UtcNow,
        };
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        return asset.Id;
    }

    internal static byte[] SolidPng(int width, int height, SKColor color)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(color);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static byte[] NoisyPng(int width, int height)
    {
        var random = new Random(13);
        using var bitmap = new SKBitmap(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        var pixels = new byte[width * height * 4];
        random.NextBytes(pixels);
        for (var i = 3; i < pixels.Length; i += 4)
        {
            pixels[i] = 255;
        }

        System.Runtime.InteropServices.Marshal.Copy(pixels, 0, bitmap.GetPixels(), pixels.Length);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private static async Task<byte[]> GetBytesAsync(string url)
    {
        using var http = new HttpClient();
        return await http.GetByteArrayAsync(url);
    }

    private async Task<byte[]> ReadStoredAsync(string key)
    {
        await using var stream = await app.Services.GetRequiredService<IAssetStorage>().OpenReadAsync(key);
        using var buffer = new MemoryStream();
        await stream!.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
