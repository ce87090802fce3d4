using SkiaSharp;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.BrandKits;

/// <summary>Brand kits on a real database: activation under concurrency, soft delete, ownership, logo files.</summary>
public sealed class BrandKitServiceTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private BrandKitService Kits => app.Services.CreateScope().ServiceProvider.GetRequiredService<BrandKitService>();

    private static BrandKitDraft Draft(string name) => new() { Name = name, PrimaryColors = ["#112233"], AccentColors = ["#FFCC00"] };

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

    private static byte[] LogoPng(SKColor colour)
    {
        using var bitmap = new SKBitmap(64, 64);
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    [Fact]
    public async Task The_first_kit_becomes_active_and_later_ones_do_not()
    {
        var userId = await NewCreatorAsync();

        var first = await Kits.CreateAsync(userId, Draft("Main"));
        var second = await Kits.CreateAsync(userId, Draft("Seasonal"));

        var kits = await Kits.ListAsync(userId);
        Assert.Equal([first, second], kits.Select(k => k.Id));
        Assert.True(kits[0].IsActive);
        Assert.False(kits[1].IsActive);
    }

    [Fact]
    public async Task Twenty_simultaneous_activations_leave_exactly_one_active_kit()
    {
        var userId = await NewCreatorAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add(await Kits.CreateAsync(userId, Draft($"Kit {i}")));
        }

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Kits.SetActiveAsync(userId, ids[i % ids.Count])));

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(1, await db.BrandKits.CountAsync(k => k.UserId == userId && k.IsActive));
    }

    [Fact]
    public async Task Switching_the_active_kit_deactivates_the_previous_one()
    {
        var userId = await NewCreatorAsync();
        var first = await Kits.CreateAsync(userId, Draft("Main"));
        var second = await Kits.CreateAsync(userId, Draft("Seasonal"));

        await Kits.SetActiveAsync(userId, second);

        var kits = await Kits.ListAsync(userId);
        Assert.Equal(second, Assert.Single(kits, k => k.IsActive).Id);
        Assert.False(kits.Single(k => k.Id == first).IsActive);
    }

    [Fact]
    public async Task Another_creators_kit_is_not_found_for_every_action_and_nothing_changes()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var kitId = await Kits.CreateAsync(owner, Draft("Mine"));

        await AssertNotFound(() => Kits.UpdateAsync(stranger, kitId, Draft("Taken over")));
        await AssertNotFound(() => Kits.SetActiveAsync(stranger, kitId));
        await AssertNotFound(() => Kits.DuplicateAsync(stranger, kitId));
        await AssertNotFound(() => Kits.DeleteAsync(stranger, kitId));
        Assert.Null(await Kits.GetAsync(stranger, kitId));
        Assert.Null(await Kits.OpenLogoAsync(stranger, kitId));

        var kit = await Kits.GetAsync(owner, kitId);
        Assert.Equal("Mine", kit!.Name);
        Assert.True(kit.IsActive);
        Assert.Empty(await Kits.ListAsync(stranger));

        static async Task AssertNotFound(Func<Task> action) =>
            Assert.Equal(BrandKitService.NotFound, (await Assert.ThrowsAsync<RequestRefusedException>(action)).Message);
    }

    [Fact]
    public async Task An_invalid_kit_is_refused_and_not_saved()
    {
        var userId = await NewCreatorAsync();

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Kits.CreateAsync(userId, Draft("")));

        Assert.Contains("Give the kit a name", error.Message);
        Assert.Empty(await Kits.ListAsync(userId));
    }

    [Fact]
    public async Task A_kit_used_by_a_job_is_soft_deleted_and_an_unused_one_is_removed_with_its_logo()
    {
        var userId = await NewCreatorAsync();
        var used = await Kits.CreateAsync(userId, Draft("Used"));
        var unused = await Kits.CreateAsync(userId, Draft("Unused"), LogoPng(SKColors.Red));
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, new GenerationRequest
            {
                AssetTypes = [AssetType.Thumbnail],
                Headline = "Made with Used",
                BrandKitId = used,
            });
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var logoKey = await db.BrandKits.Where(k => k.Id == unused).Select(k => k.LogoStorageKey).SingleAsync();
        var storage = app.Services.GetRequiredService<IAssetStorage>();
        Assert.NotNull(await storage.OpenReadAsync(logoKey!));

        await Kits.DeleteAsync(userId, used);
        await Kits.DeleteAsync(userId, unused);

        var kept = await db.BrandKits.AsNoTracking().SingleAsync(k => k.Id == used);
        Assert.NotNull(kept.DeletedAt);
        Assert.False(kept.IsActive);
        Assert.False(await db.BrandKits.AnyAsync(k => k.Id == unused));
        Assert.Null(await storage.OpenReadAsync(logoKey!));
        Assert.Empty(await Kits.ListAsync(userId));
        Assert.NotNull(await db.GenerationJobs.Where(j => j.UserId == userId).Select(j => j.BrandKitId).SingleAsync());
    }

    [Fact]
    public async Task Replacing_a_logo_removes_the_old_file_and_duplicating_copies_it()
    {
        var userId = await NewCreatorAsync();
        var kitId = await Kits.CreateAsync(userId, Draft("Logo kit"), LogoPng(SKColors.Red));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var storage = app.Services.GetRequiredService<IAssetStorage>();
        var oldKey = await db.BrandKits.Where(k => k.Id == kitId).Select(k => k.LogoStorageKey).SingleAsync();

        await Kits.UpdateAsync(userId, kitId, Draft("Logo kit"), LogoChange.Replace(LogoPng(SKColors.Blue)));
        var copyId = await Kits.DuplicateAsync(userId, kitId);

        var kit = await db.BrandKits.AsNoTracking().SingleAsync(k => k.Id == kitId);
        var copy = await db.BrandKits.AsNoTracking().SingleAsync(k => k.Id == copyId);
        Assert.NotEqual(oldKey, kit.LogoStorageKey);
        Assert.Null(await storage.OpenReadAsync(oldKey!));
        Assert.NotNull(await storage.OpenReadAsync(kit.LogoStorageKey!));
        Assert.NotEqual(kit.LogoStorageKey, copy.LogoStorageKey);
        Assert.Equal("Logo kit (copy)", copy.Name);
        Assert.False(copy.IsActive);

        await Kits.UpdateAsync(userId, copyId, Draft("Logo kit (copy)"), LogoChange.Delete);
        Assert.Null(await storage.OpenReadAsync(copy.LogoStorageKey!));
        Assert.NotNull(await storage.OpenReadAsync(kit.LogoStorageKey!));
    }

    [Fact]
    public async Task A_logo_sent_with_a_refused_save_leaves_no_file()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var kitId = await Kits.CreateAsync(owner, Draft("Mine"));
        var strangersFolder = Path.Combine(Path.GetDirectoryName(app.OutboxFolder)!, "assets", "u", stranger.ToString("N"));

        // The file is written before the row is checked; the refusal must take it away again.
        await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Kits.UpdateAsync(stranger, kitId, Draft("Taken over"), LogoChange.Replace(LogoPng(SKColors.Green))));

        Assert.True(!Directory.Exists(strangersFolder) || Directory.GetFiles(strangersFolder).Length == 0);
    }
}
