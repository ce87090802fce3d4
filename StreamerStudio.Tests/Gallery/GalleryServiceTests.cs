using System.IO.Compression;
using SkiaSharp;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Tests.Gallery;

/// <summary>The gallery's domain on a real database and storage: filters, isolation, sharing, ZIP, conversion, expiry.</summary>
public sealed class GalleryServiceTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private AssetService Assets => app.Services.CreateScope().ServiceProvider.GetRequiredService<AssetService>();
    private IAssetStorage Storage => app.Services.GetRequiredService<IAssetStorage>();

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

    private static byte[] Png(int width, int height, bool opaque = false)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKImageInfo.PlatformColorType, opaque ? SKAlphaType.Opaque : SKAlphaType.Premul));
        bitmap.Erase(SKColors.MediumPurple);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    /// <summary>A delivered asset as the worker leaves it: a file in storage and its row (optionally under a job).</summary>
    private async Task<Asset> SeedAsync(Guid userId, AssetType type = AssetType.Thumbnail, string prompt = "Ranked grind",
        int? score = 50, DateTimeOffset? createdAt = null, DateTimeOffset? expiresAt = null, Guid? jobId = null, bool opaque = false)
    {
        var spec = AssetCatalogue.For(type);
        var bytes = Png(spec.Width / 8, spec.Height / 8, opaque);
        var key = StorageKeys.NewAssetKey(userId, "png");
        await Storage.PutAsync(key, bytes, "image/png");
        var asset = new Asset
        {
            UserId = userId, AssetType = type, Width = spec.Width, Height = spec.Height, Format = AssetFormat.Png,
            FileSizeBytes = bytes.Length, StorageKey = key, PromptUsed = prompt, ViralScore = score, ExpiresAt = expiresAt, JobId = jobId,
        };
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        if (createdAt is { } at)
        {
            await db.Database.ExecuteSqlAsync($"UPDATE assets SET created_at = {at} WHERE id = {asset.Id}");
        }

        return asset;
    }

    [Fact]
    public async Task Filters_search_sort_and_pages_the_creators_assets()
    {
        var userId = await NewCreatorAsync();
        var old = await SeedAsync(userId, AssetType.Banner, "Season 3 finale", score: 90, createdAt: DateTimeOffset.UtcNow.AddDays(-40));
        var story = await SeedAsync(userId, AssetType.StoryGraphic, "Ranked 100% grind_night", score: 30);
        var thumb = await SeedAsync(userId, AssetType.Thumbnail, "Chill sunday stream", score: 70);
        await Assets.SetPublicAsync(userId, thumb.Id, true);

        Assert.Equal([thumb.Id, story.Id, old.Id], (await Assets.ListAsync(userId, new GalleryQuery())).Items.Select(i => i.Id));
        Assert.Equal([old.Id, thumb.Id, story.Id], (await Assets.ListAsync(userId, new GalleryQuery { Sort = GallerySort.ViralScore })).Items.Select(i => i.Id));
        Assert.Equal([story.Id], (await Assets.ListAsync(userId, new GalleryQuery { AssetType = AssetType.StoryGraphic })).Items.Select(i => i.Id));
        Assert.Equal([story.Id], (await Assets.ListAsync(userId, new GalleryQuery { Search = "100% GRIND_" })).Items.Select(i => i.Id));
        Assert.Empty((await Assets.ListAsync(userId, new GalleryQuery { Search = "100_" })).Items);
        Assert.Equal([thumb.Id], (await Assets.ListAsync(userId, new GalleryQuery { IsPublic = true })).Items.Select(i => i.Id));
        var recent = await Assets.ListAsync(userId, new GalleryQuery { From = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-7)) });
        Assert.Equal(2, recent.Total);

        var page2 = await Assets.ListAsync(userId, new GalleryQuery { PageSize = 2, Page = 2 });
        Assert.Equal((3, 2), (page2.Total, page2.PageCount));
        Assert.Equal([old.Id], page2.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Another_creator_can_not_see_download_share_delete_preview_or_zip_an_asset()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var jobId = await JobWithAssetsAsync(owner, 1);
        var asset = (await Assets.ListAsync(owner, new GalleryQuery())).Items.Single();

        Assert.Empty((await Assets.ListAsync(stranger, new GalleryQuery())).Items);
        Assert.Null(await Assets.GetAsync(stranger, asset.Id));
        Assert.Null(await Assets.OpenFileAsync(stranger, asset.Id));
        Assert.Null(await Assets.OpenConvertedAsync(stranger, asset.Id, AssetFormat.Jpeg));
        Assert.Null(await Assets.OpenPreviewAsync(stranger, asset.Id));
        Assert.False(await Assets.WriteJobZipAsync(stranger, jobId, new MemoryStream()));
        Assert.Equal(AssetService.NotFound, (await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.SetPublicAsync(stranger, asset.Id, true))).Message);
        Assert.Equal(AssetService.NotFound, (await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.DeleteAsync(stranger, asset.Id))).Message);

        var still = await Assets.GetAsync(owner, asset.Id);
        Assert.False(still!.Card.IsPublic);
        Assert.NotNull(await Assets.OpenFileAsync(owner, asset.Id));
    }

    [Fact]
    public async Task Sharing_gives_a_fresh_unguessable_link_and_private_kills_it_at_once()
    {
        var userId = await NewCreatorAsync();
        var asset = await SeedAsync(userId);

        var token = await Assets.SetPublicAsync(userId, asset.Id, true);
        Assert.Matches("^[0-9a-f]{32}$", token!);
        Assert.Equal(asset.Id, (await Assets.GetSharedAsync(token!))!.Id);
        Assert.NotNull(await Assets.OpenSharedFileAsync(token!));

        await Assets.SetPublicAsync(userId, asset.Id, false);
        Assert.Null(await Assets.GetSharedAsync(token!));
        Assert.Null(await Assets.OpenSharedFileAsync(token!));

        var again = await Assets.SetPublicAsync(userId, asset.Id, true);
        Assert.NotEqual(token, again);
        Assert.Null(await Assets.GetSharedAsync(token!));
        Assert.NotNull(await Assets.GetSharedAsync(again!));
    }

    [Fact]
    public async Task A_jobs_assets_come_as_one_zip()
    {
        var userId = await NewCreatorAsync();
        var jobId = await JobWithAssetsAsync(userId, 3);

        using var zipBytes = new MemoryStream();
        Assert.True(await Assets.WriteJobZipAsync(userId, jobId, zipBytes));

        zipBytes.Position = 0;
        using var zip = new ZipArchive(zipBytes);
        // Named after the headline (issue 14), in catalogue order.
        Assert.Equal(["ranked-grind-youtube-thumbnail-1280x720.png", "ranked-grind-twitch-stream-overlay-1920x1080.png", "ranked-grind-story-graphic-1080x1920.png"],
            zip.Entries.Select(e => e.FullName));
        foreach (var entry in zip.Entries)
        {
            await using var content = await entry.OpenAsync();
            using var bitmap = SKBitmap.Decode(content);
            Assert.NotNull(bitmap);
        }
    }

    [Fact]
    public async Task Downloads_convert_to_another_format_at_the_same_size()
    {
        var userId = await NewCreatorAsync();
        var asset = await SeedAsync(userId, AssetType.Thumbnail);

        var jpeg = await Assets.OpenConvertedAsync(userId, asset.Id, AssetFormat.Jpeg);
        var webp = await Assets.OpenConvertedAsync(userId, asset.Id, AssetFormat.Webp);

        Assert.Equal("image/jpeg", jpeg!.ContentType);
        Assert.EndsWith(".jpg", jpeg.FileName);
        using var decodedJpeg = SKCodec.Create(jpeg.Content);
        Assert.Equal(SKEncodedImageFormat.Jpeg, decodedJpeg.EncodedFormat);
        Assert.Equal((160, 90), (decodedJpeg.Info.Width, decodedJpeg.Info.Height));
        using var decodedWebp = SKCodec.Create(webp!.Content);
        Assert.Equal(SKEncodedImageFormat.Webp, decodedWebp.EncodedFormat);
    }

    [Fact]
    public async Task Previews_are_small_files_made_once_a_jpeg_when_opaque_and_a_webp_to_keep_transparency()
    {
        var userId = await NewCreatorAsync();
        var transparent = await SeedAsync(userId, AssetType.StoryGraphic);
        var opaque = await SeedAsync(userId, AssetType.Thumbnail, opaque: true);

        foreach (var (asset, format, contentType, suffix) in new[]
                 {
                     (transparent, SKEncodedImageFormat.Webp, "image/webp", ".preview.webp"),
                     (opaque, SKEncodedImageFormat.Jpeg, "image/jpeg", ".preview.jpg"),
                 })
        {
            await using (var first = await Assets.OpenPreviewAsync(userId, asset.Id))
            {
                Assert.Equal(contentType, first!.ContentType);
                using var codec = SKCodec.Create(first.Content);
                Assert.Equal(format, codec.EncodedFormat);
                Assert.True(Math.Max(codec.Info.Width, codec.Info.Height) <= AssetImages.PreviewLongSide);
            }

            // Made once: stored beside the file under a key named for its format, and served from there next time.
            await using var db = TestPostgres.CreateContext(app.ConnectionString);
            var key = await db.Assets.Where(a => a.Id == asset.Id).Select(a => a.PreviewKey).SingleAsync();
            Assert.Equal(asset.StorageKey + suffix, key);
            await using var stored = await Storage.OpenReadAsync(key!);
            Assert.NotNull(stored);
            await using var again = await Assets.OpenPreviewAsync(userId, asset.Id);
            Assert.Equal(contentType, again!.ContentType);
        }
    }

    [Fact]
    public async Task Expired_assets_are_hidden_then_deleted_with_their_files_and_upgrading_keeps_the_rest()
    {
        var userId = await NewCreatorAsync();
        var expired = await SeedAsync(userId, expiresAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        var expiring = await SeedAsync(userId, expiresAt: DateTimeOffset.UtcNow.AddDays(3));
        Assert.Equal([expiring.Id], (await Assets.ListAsync(userId, new GalleryQuery())).Items.Select(i => i.Id));

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AssetExpiry>().RunAsync();
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.Assets.AnyAsync(a => a.Id == expired.Id));
        Assert.Null(await Storage.OpenReadAsync(expired.StorageKey));
        Assert.True(await db.Assets.AnyAsync(a => a.Id == expiring.Id));

        // An upgrade (here an admin's gift, through the plan's owner) keeps what is left for good.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            var plans = app.Services.CreateScope().ServiceProvider.GetRequiredService<Plans>();
            Assert.True(await plans.ChangeAsync(db, userId, s => s.GrantComplimentary(SubscriptionTier.Pro), actorId: null));
            await transaction.CommitAsync();
        }

        Assert.Null(await db.Assets.Where(a => a.Id == expiring.Id).Select(a => a.ExpiresAt).SingleAsync());
    }

    [Fact]
    public async Task Deleting_removes_the_row_and_its_files()
    {
        var userId = await NewCreatorAsync();
        var asset = await SeedAsync(userId);
        await using (await Assets.OpenPreviewAsync(userId, asset.Id))
        {
        }

        await Assets.DeleteAsync(userId, asset.Id);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.Assets.AnyAsync(a => a.Id == asset.Id));
        Assert.Null(await Storage.OpenReadAsync(asset.StorageKey));
        foreach (var previewKey in AssetImages.PreviewKeysFor(asset.StorageKey))
        {
            Assert.Null(await Storage.OpenReadAsync(previewKey));
        }
    }

    [Fact]
    public async Task Variations_of_an_asset_keep_its_headline_subline_badge_brand_kit_platform_and_format()
    {
        var userId = await NewCreatorAsync();
        var collab = new BrandKit { UserId = userId, Name = "Collab week" };
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            // Another kit is active, so a variation that forgot the asset's kit would get this one.
            db.BrandKits.AddRange(new BrandKit { UserId = userId, Name = "Main", IsActive = true }, collab);
            await db.SaveChangesAsync();
        }

        using var scope = app.Services.CreateScope();
        var generation = scope.ServiceProvider.GetRequiredService<GenerationService>();
        var originalJob = await generation.SubmitAsync(userId, new GenerationRequest
        {
            AssetTypes = [AssetType.Banner], Platform = Platform.Twitch, Format = AssetFormat.Webp, BrandKitId = collab.Id,
            Headline = "Road to Diamond", Subline = "Fridays 8pm CET", Badge = "EP 12",
        });
        await scope.ServiceProvider.GetRequiredService<GenerationWorker>().RenderAsync(originalJob, CancellationToken.None);
        var assetId = (await Assets.ListAsync(userId, new GalleryQuery())).Items.Single().Id;
        var asset = await Assets.GetAsync(userId, assetId);
        Assert.Equal(("Fridays 8pm CET", "EP 12", Platform.Twitch), (asset!.Recipe!.Subline, asset.Recipe.Badge, asset.Recipe.Platform));

        var variationsJob = await generation.SubmitAsync(userId, asset.Variations(4));

        await using var check = TestPostgres.CreateContext(app.ConnectionString);
        var variations = await check.GenerationJobs.Where(j => j.ParentJobId == variationsJob).ToListAsync();
        Assert.Equal(4, variations.Count);
        Assert.All(variations, v =>
        {
            Assert.Equal((AssetType.Banner, AssetFormat.Webp, collab.Id, "Road to Diamond"), (v.AssetType!.Value, v.Format, v.BrandKitId!.Value, v.CustomPrompt));
            Assert.Equal((Platform.Twitch, "Fridays 8pm CET", "EP 12"), (v.PlatformContext.Platform, v.PlatformContext.Subline, v.PlatformContext.Badge));
        });
    }

    /// <summary>A batch job whose children delivered a thumbnail, an overlay and a story graphic (as many as asked).</summary>
    private async Task<Guid> JobWithAssetsAsync(Guid userId, int count)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var parent = new GenerationJob { Id = Guid.NewGuid(), UserId = userId, JobType = JobType.Batch, TotalAssets = count, Status = JobStatus.Completed };
        db.GenerationJobs.Add(parent);
        AssetType[] types = [AssetType.Thumbnail, AssetType.Overlay, AssetType.StoryGraphic];
        var children = types.Take(count).Select(t => new GenerationJob
        {
            Id = Guid.NewGuid(), UserId = userId, ParentJobId = parent.Id, JobType = JobType.Batch, AssetType = t, TotalAssets = 1,
            CompletedAssets = 1, Status = JobStatus.Completed,
        }).ToList();
        db.GenerationJobs.AddRange(children);
        await db.SaveChangesAsync();
        foreach (var child in children)
        {
            await SeedAsync(userId, child.AssetType!.Value, jobId: child.Id);
        }

        return parent.Id;
    }
}
