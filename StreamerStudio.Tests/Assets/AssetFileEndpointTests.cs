using Microsoft.Playwright;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Assets;

/// <summary>The file endpoint serves an asset to its owner and answers "not found" to everyone else.</summary>
public sealed class AssetFileEndpointTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private async Task<Guid> StoreAssetAsync(Guid ownerId, byte[] content)
    {
        var key = StorageKeys.NewAssetKey(ownerId, "png");
        await app.Services.GetRequiredService<IAssetStorage>().PutAsync(key, content, "image/png");
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var asset = new Asset
        {
            UserId = ownerId,
            AssetType = AssetType.Thumbnail,
            Width = 1280,
            Height = 720,
            Format = AssetFormat.Png,
            FileSizeBytes = content.Length,
            StorageKey = key,
        };
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        return asset.Id;
    }

    [Fact]
    public async Task The_owner_gets_the_file_and_another_creator_gets_not_found()
    {
        await using var owner = await app.SignInNewUserAsync();
        byte[] content = [0x89, 0x50, 0x4E, 0x47, 1, 2, 3, 4];
        var assetId = await StoreAssetAsync(owner.User.Id, content);
        await using var stranger = await app.SignInNewUserAsync();

        var mine = await owner.Http.GetAsync($"/assets/{assetId}/file");
        var theirs = await stranger.Http.GetAsync($"/assets/{assetId}/file");
        var missing = await owner.Http.GetAsync($"/assets/{Guid.NewGuid()}/file");

        Assert.Equal((int)HttpStatusCode.OK, mine.Status);
        Assert.Equal("image/png", mine.Headers["content-type"]);
        Assert.Equal(content, await mine.BodyAsync());
        Assert.Equal((int)HttpStatusCode.NotFound, theirs.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task An_anonymous_request_gets_no_file()
    {
        var ownerId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;
        var assetId = await StoreAssetAsync(ownerId, [1, 2, 3]);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });

        var response = await http.GetAsync($"{app.BaseUrl}/assets/{assetId}/file");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }
}
