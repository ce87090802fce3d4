using System.IO.Compression;
using SkiaSharp;
using StreamerStudio.Domain;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Media;
using StreamerStudio.Tests.BrandKits;

namespace StreamerStudio.Tests.Media;

/// <summary>
/// Library pictures on their way into assets: request → job → render → recipe, the worker run by hand; and the names
/// downloads get.
/// </summary>
public sealed class MediaGenerationTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private T Service<T>() where T : notnull => app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

    private async Task<(Guid Background, Guid Subject)> UploadPicturesAsync(Guid userId)
    {
        var library = Service<MediaLibrary>();
        // A bright green gameplay frame: nothing the renderer draws by itself looks like it.
        var frame = LogoSamples.Pixels(640, 360, (x, y) => new SKColor(20, (byte)(160 + (x + y) % 90), 40));
        var background = await library.UploadAsync(userId, new MemoryStream(frame), "frame.png", MediaKind.Screenshot);
        var subject = await library.UploadAsync(userId, new MemoryStream(MediaLibraryTests.CutOut()), "face.png", MediaKind.Subject);
        return (background.Item.Id, subject.Item.Id);
    }

    private static GenerationRequest Thumbnail(Guid? background = null, Guid? subject = null) => new()
    {
        AssetTypes = [AssetType.Thumbnail],
        Format = AssetFormat.Png,
        Headline = "Road to Grandmaster",
        BackgroundMediaId = background,
        SubjectMediaId = subject,
    };

    private async Task RunAsync(Guid jobId)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GenerationWorker>().RenderAsync(jobId, CancellationToken.None);
    }

    private async Task<byte[]> FileOfJobAsync(Guid jobId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var key = await db.Assets.Where(a => a.JobId == jobId).Select(a => a.StorageKey).SingleAsync();
        await using var stream = (await app.Services.GetRequiredService<IAssetStorage>().OpenReadAsync(key))!;
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }

    [Fact]
    public async Task Chosen_pictures_go_from_the_request_through_the_job_into_the_recipe_and_the_variations()
    {
        var userId = await NewCreatorAsync();
        var (background, subject) = await UploadPicturesAsync(userId);

        var jobId = await Service<GenerationService>().SubmitAsync(userId, Thumbnail(background, subject));
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
            Assert.Equal((background, subject), (job.PlatformContext.BackgroundMediaId, job.PlatformContext.SubjectMediaId));
        }

        await RunAsync(jobId);

        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var asset = await db.Assets.SingleAsync(a => a.JobId == jobId);
            Assert.Equal((background, subject), (asset.Recipe!.BackgroundMediaId, asset.Recipe.SubjectMediaId));
            var variations = (await Service<AssetService>().GetAsync(userId, asset.Id))!.Variations(4);
            Assert.Equal((background, subject), (variations.BackgroundMediaId, variations.SubjectMediaId));
        }
    }

    [Fact]
    public async Task A_stream_pack_puts_the_same_pictures_on_every_asset()
    {
        var userId = await NewCreatorAsync();
        var (background, subject) = await UploadPicturesAsync(userId);

        var rootId = await Service<GenerationService>().SubmitAsync(userId, Thumbnail(background, subject) with
        {
            JobType = JobType.Batch,
            AssetTypes = [AssetType.Thumbnail, AssetType.StoryGraphic],
        });

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var children = await db.GenerationJobs.Where(j => j.ParentJobId == rootId).ToListAsync();
        Assert.Equal(2, children.Count);
        Assert.All(children, c => Assert.Equal((background, subject), (c.PlatformContext.BackgroundMediaId, c.PlatformContext.SubjectMediaId)));
    }

    [Fact]
    public async Task The_background_reaches_the_render_so_the_same_seed_renders_different_pixels_with_it()
    {
        var userId = await NewCreatorAsync();
        var (background, _) = await UploadPicturesAsync(userId);
        var generation = Service<GenerationService>();
        var withPicture = await generation.SubmitAsync(userId, Thumbnail(background));
        var without = await generation.SubmitAsync(userId, Thumbnail());
        var withoutAgain = await generation.SubmitAsync(userId, Thumbnail());
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var seed = await db.GenerationJobs.Where(j => j.Id == withPicture).Select(j => j.Seed).SingleAsync();
            await db.GenerationJobs.Where(j => j.Id == without || j.Id == withoutAgain).ExecuteUpdateAsync(s => s.SetProperty(j => j.Seed, seed));
        }

        await RunAsync(withPicture);
        await RunAsync(without);
        await RunAsync(withoutAgain);

        // Same seed and text render the same bytes, so the only difference left is the picture.
        Assert.Equal(await FileOfJobAsync(without), await FileOfJobAsync(withoutAgain));
        Assert.NotEqual(await FileOfJobAsync(without), await FileOfJobAsync(withPicture));
    }

    [Fact]
    public async Task The_generate_preview_shows_the_chosen_background_and_leaves_out_another_creators()
    {
        var userId = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var (background, _) = await UploadPicturesAsync(userId);
        var generation = Service<GenerationPreview>();

        var plain = await generation.PreviewAsync(userId, Thumbnail());
        var withPicture = await generation.PreviewAsync(userId, Thumbnail(background));
        var strangers = await generation.PreviewAsync(stranger, Thumbnail(background));

        Assert.NotEqual(plain, withPicture);
        Assert.Equal(await generation.PreviewAsync(stranger, Thumbnail()), strangers);
    }

    [Fact]
    public async Task A_picture_in_an_asset_or_a_waiting_job_cannot_be_deleted_until_they_are_gone()
    {
        var userId = await NewCreatorAsync();
        var (background, subject) = await UploadPicturesAsync(userId);
        var library = Service<MediaLibrary>();
        var jobId = await Service<GenerationService>().SubmitAsync(userId, Thumbnail(background));

        var waiting = await Assert.ThrowsAsync<RequestRefusedException>(() => library.DeleteAsync(userId, background));
        Assert.Contains("still running", waiting.Message);

        await RunAsync(jobId);
        var used = await Assert.ThrowsAsync<RequestRefusedException>(() => library.DeleteAsync(userId, background));
        Assert.Contains("in 1 asset of yours", used.Message);
        Assert.NotNull(await library.GetAsync(userId, background));

        // The cut-out was never used: it goes at once.
        await library.DeleteAsync(userId, subject);
        Assert.Null(await library.GetAsync(userId, subject));

        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var assetId = await db.Assets.Where(a => a.JobId == jobId).Select(a => a.Id).SingleAsync();
            await Service<AssetService>().DeleteAsync(userId, assetId);
        }

        await library.DeleteAsync(userId, background);
        Assert.Empty(await library.ListAsync(userId));
    }

    [Fact]
    public async Task A_download_is_named_after_its_headline_type_and_size()
    {
        var userId = await NewCreatorAsync();
        var jobId = await Service<GenerationService>().SubmitAsync(userId, Thumbnail());
        await RunAsync(jobId);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var assetId = await db.Assets.Where(a => a.JobId == jobId).Select(a => a.Id).SingleAsync();

        var file = await Service<AssetService>().OpenFileAsync(userId, assetId);
        await file!.Content.DisposeAsync();

        Assert.Equal("road-to-grandmaster-youtube-thumbnail-1280x720.png", file.FileName);
        Assert.Equal("road-to-grandmaster-youtube-thumbnail-1280x720.jpg",
            (await Service<AssetService>().OpenConvertedAsync(userId, assetId, AssetFormat.Jpeg))!.FileName);
    }

    [Theory]
    [InlineData("Road to Grandmaster", "road-to-grandmaster-youtube-thumbnail-1280x720.png")]
    [InlineData("  Élite: ÜBER run #3!! ", "elite-uber-run-3-youtube-thumbnail-1280x720.png")]
    [InlineData("日本語だけ", "youtube-thumbnail-1280x720.png")]
    [InlineData(null, "youtube-thumbnail-1280x720.png")]
    public void Download_names_are_plain_ascii_slugs(string? headline, string expected) =>
        Assert.Equal(expected, AssetService.DownloadName(headline, AssetType.Thumbnail, 1280, 720, AssetFormat.Png));

    [Fact]
    public void A_long_headline_is_cut_at_a_word()
    {
        var name = AssetService.DownloadName(string.Join(' ', Enumerable.Repeat("grandmaster", 12)), AssetType.StoryGraphic, 1080, 1920, AssetFormat.Webp);

        Assert.Matches("^(grandmaster-)+story-graphic-1080x1920\\.webp$", name);
        Assert.True(name.Length <= 60 + "-story-graphic-1080x1920.webp".Length, name);
    }

    [Fact]
    public async Task Variations_in_one_zip_get_a_short_suffix_each_and_different_assets_keep_plain_names()
    {
        var userId = await NewCreatorAsync();
        var generation = Service<GenerationService>();
        var variations = await generation.SubmitAsync(userId, Thumbnail() with { JobType = JobType.Variation, Variations = 2 });
        var story = await generation.SubmitAsync(userId, Thumbnail() with { AssetTypes = [AssetType.StoryGraphic] });
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        foreach (var id in await db.GenerationJobs.Where(j => j.ParentJobId == variations).Select(j => j.Id).ToListAsync())
        {
            await RunAsync(id);
        }

        await RunAsync(story);
        var assets = await db.Assets.Where(a => a.UserId == userId).Select(a => a.Id).ToListAsync();

        using var zipped = new MemoryStream();
        Assert.True(await Service<AssetService>().WriteZipAsync(userId, assets, zipped));

        zipped.Position = 0;
        using var zip = new ZipArchive(zipped, ZipArchiveMode.Read);
        var names = zip.Entries.Select(e => e.FullName).Order().ToList();
        Assert.Equal(3, names.Distinct().Count());
        Assert.Equal(2, names.Count(n => System.Text.RegularExpressions.Regex.IsMatch(n, "^road-to-grandmaster-youtube-thumbnail-1280x720-[0-9a-f]{6}\\.png$")));
        Assert.Contains("road-to-grandmaster-story-graphic-1080x1920.png", names);
    }
}
