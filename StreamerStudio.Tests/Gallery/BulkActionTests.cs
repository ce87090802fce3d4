using System.IO.Compression;
using SkiaSharp;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Gallery;

/// <summary>The gallery's multi-select on a real database and storage: every id checked for ownership, all or nothing.</summary>
public sealed class BulkActionTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private AssetService Assets => app.Services.CreateScope().ServiceProvider.GetRequiredService<AssetService>();
    private IAssetStorage Storage => app.Services.GetRequiredService<IAssetStorage>();

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

    private async Task<Asset> SeedAsync(Guid userId, string prompt = "Ranked grind")
    {
        using var bitmap = new SKBitmap(160, 90);
        bitmap.Erase(SKColors.MediumPurple);
        using var image = SKImage.FromBitmap(bitmap);
        var bytes = image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
        var key = StorageKeys.NewAssetKey(userId, "png");
        await Storage.PutAsync(key, bytes, "image/png");
        var spec = AssetCatalogue.For(AssetType.Thumbnail);
        var asset = new Asset
        {
            UserId = userId, AssetType = AssetType.Thumbnail, Width = spec.Width, Height = spec.Height, Format = AssetFormat.Png,
            FileSizeBytes = bytes.Length, StorageKey = key, PromptUsed = prompt, ViralScore = 50,
        };
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        return asset;
    }

    private async Task<int> CountAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.Assets.CountAsync(a => a.UserId == userId);
    }

    [Fact]
    public async Task Deleting_several_removes_every_row_and_file()
    {
        var owner = await NewCreatorAsync();
        var a = await SeedAsync(owner);
        var b = await SeedAsync(owner);
        var kept = await SeedAsync(owner);

        await Assets.DeleteManyAsync(owner, [a.Id, b.Id]);

        Assert.Equal(1, await CountAsync(owner));
        Assert.Null(await Storage.OpenReadAsync(a.StorageKey));
        Assert.Null(await Storage.OpenReadAsync(b.StorageKey));
        await using var keptFile = await Storage.OpenReadAsync(kept.StorageKey);
        Assert.NotNull(keptFile);
    }

    [Fact]
    public async Task One_id_of_another_creator_refuses_the_whole_delete_share_and_zip_and_changes_nothing()
    {
        var owner = await NewCreatorAsync();
        var stranger = await NewCreatorAsync();
        var mine = await SeedAsync(owner);
        var theirs = await SeedAsync(stranger);

        var delete = await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.DeleteManyAsync(owner, [mine.Id, theirs.Id]));
        Assert.Equal(AssetService.SomeNotFound, delete.Message);
        var share = await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.ShareManyAsync(owner, [mine.Id, theirs.Id]));
        Assert.Equal(AssetService.SomeNotFound, share.Message);
        using var zip = new MemoryStream();
        Assert.False(await Assets.WriteZipAsync(owner, [mine.Id, theirs.Id], zip));
        Assert.Equal(0, zip.Length);

        // Just the other creator's one: the same answer as an id that does not exist.
        var alone = await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.DeleteManyAsync(owner, [theirs.Id]));
        Assert.Equal(AssetService.NotFound, alone.Message);

        Assert.Equal(1, await CountAsync(owner));
        Assert.Equal(1, await CountAsync(stranger));
        Assert.False((await Assets.GetAsync(owner, mine.Id))!.Card.IsPublic);
        Assert.False((await Assets.GetAsync(stranger, theirs.Id))!.Card.IsPublic);
        await using var theirFile = await Storage.OpenReadAsync(theirs.StorageKey);
        Assert.NotNull(theirFile);
    }

    [Fact]
    public async Task Sharing_several_makes_each_public_and_keeps_an_existing_link_while_the_zip_holds_every_one()
    {
        var owner = await NewCreatorAsync();
        var a = await SeedAsync(owner, "First");
        var b = await SeedAsync(owner, "Second");
        var existing = await Assets.SetPublicAsync(owner, a.Id, true);

        var tokens = await Assets.ShareManyAsync(owner, [a.Id, b.Id, b.Id]);

        Assert.Equal(existing, tokens[a.Id]);
        Assert.NotNull(await Assets.GetSharedAsync(tokens[b.Id]));
        using var zip = new MemoryStream();
        Assert.True(await Assets.WriteZipAsync(owner, [a.Id, b.Id], zip));
        zip.Position = 0;
        using var archive = new ZipArchive(zip);
        Assert.Equal(2, archive.Entries.Count);
        await Assert.ThrowsAsync<RequestRefusedException>(() => Assets.DeleteManyAsync(owner, []));
    }
}
