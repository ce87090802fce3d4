using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Tests.Platforms;

namespace StreamerStudio.Tests.Admin;

/// <summary>An admin reads a user's asset previews through the admin-only path; the read is audited; nobody else gets them.</summary>
public sealed class AdminAssetPreviewTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private Task<Guid> SeedAssetAsync(Guid userId) =>
        ChannelChangesTests.SeedAssetAsync(app, userId, ChannelChangesTests.SolidPng(1280, 720, SKColors.OrangeRed));

    private async Task<List<AuditEntry>> ReadsAsync(Guid adminId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.AuditLog.AsNoTracking().Where(e => e.UserId == adminId && e.Action == AuditTrail.Actions.AdminViewedAssets).ToListAsync();
    }

    [Fact]
    public async Task An_admin_gets_the_preview_audited_once_and_a_creator_gets_nothing()
    {
        await using var owner = await app.SignInNewUserAsync();
        await using var admin = await app.SignInNewUserAsync(Roles.Admin);
        await using var stranger = await app.SignInNewUserAsync();
        var assetId = await SeedAssetAsync(owner.User.Id);
        var adminPath = $"/admin/users/{owner.User.Id}/assets/{assetId}/preview";

        var preview = await admin.Http.GetAsync(adminPath);
        var again = await admin.Http.GetAsync(adminPath);
        var ownersPathForAdmin = await admin.Http.GetAsync($"/assets/{assetId}/preview");
        var wrongOwner = await admin.Http.GetAsync($"/admin/users/{stranger.User.Id}/assets/{assetId}/preview");
        var strangersRead = await stranger.Http.GetAsync($"/assets/{assetId}/preview");
        var strangerOnAdminPath = await stranger.Http.GetAsync(adminPath, new() { MaxRedirects = 0 });

        Assert.Equal(200, preview.Status);
        // A preview is a JPEG or a WebP (transparency kept); either way it is served as what it is.
        var bytes = await preview.BodyAsync();
        var format = ImageSniffer.Detect(bytes);
        Assert.True(format is AssetFormat.Jpeg or AssetFormat.Webp, $"The preview is {format?.ToString() ?? "not an image"}.");
        Assert.Equal(GenerationService.ContentType(format!.Value), preview.Headers["content-type"]);
        Assert.Equal(200, again.Status);
        Assert.Equal(404, ownersPathForAdmin.Status);
        Assert.Equal(404, wrongOwner.Status);
        Assert.Equal(404, strangersRead.Status);
        Assert.Equal(302, strangerOnAdminPath.Status);
        Assert.Contains("/Account/AccessDenied", strangerOnAdminPath.Headers["location"]);
        // Two previews in a row are one read on record, naming the admin and whose assets they were.
        var read = Assert.Single(await ReadsAsync(admin.User.Id));
        Assert.Equal(("user", owner.User.Id), (read.EntityType, read.EntityId!.Value));
        Assert.NotNull(read.IpAddress);
        Assert.Empty(await ReadsAsync(stranger.User.Id));
    }

    [Fact]
    public async Task On_the_admin_user_page_the_assets_show_their_previews_and_the_look_is_in_the_trail()
    {
        var owner = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password);
        await SeedAssetAsync(owner.Id);
        await using var admin = await app.SignInNewUserAsync(Roles.Admin);
        var page = admin.Page;

        await page.GotoAsync($"/admin/users/{owner.Id}");
        await page.WaitForCircuitAsync();
        await page.GetByTestId("show-assets").ClickAsync();

        var image = page.GetByTestId("admin-asset").Locator("img");
        await Assertions.Expect(image).ToHaveCountAsync(1);
        await Assertions.Expect(image).ToHaveJSPropertyAsync("complete", true);
        Assert.True(await image.EvaluateAsync<int>("img => img.naturalWidth") > 0);
        await Assertions.Expect(page.GetByTestId("audit-action").Filter(new() { HasText = AuditTrail.Actions.AdminViewedAssets })).ToHaveCountAsync(1);
    }
}
