using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Security;

/// <summary>Every kind of response carries the security headers, and the real pages run under that policy.</summary>
public sealed class SecurityHeadersTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static void AssertHeaders(string path, IAPIResponse response)
    {
        var headers = response.Headers;
        Assert.True(headers.ContainsKey("content-security-policy"), $"{path} ({response.Status}) has no CSP");
        var csp = headers["content-security-policy"];
        Assert.Contains("default-src 'self'", csp);
        Assert.Matches("script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("same-origin", headers["referrer-policy"]);
        Assert.Contains("camera=()", headers["permissions-policy"]);
        Assert.Equal("DENY", headers["x-frame-options"]);
    }

    [Fact]
    public async Task Pages_files_images_zips_and_errors_all_carry_the_headers()
    {
        await using var creator = await app.SignInNewUserAsync();
        var (assetId, jobId, token) = await StoreSharedAssetAsync(creator.User.Id);

        string[] paths =
        [
            "/", "/Account/Login", "/gallery", $"/s/{token}", $"/s/{token}/image", $"/assets/{assetId}/file",
            $"/assets/{assetId}/file?format=webp", $"/assets/{assetId}/preview", $"/jobs/{jobId}/zip", "/app.css",
            "/_framework/blazor.web.js", "/no-such-page", $"/assets/{Guid.NewGuid()}/file", "/healthz",
        ];
        foreach (var path in paths)
        {
            AssertHeaders(path, await creator.Http.GetAsync(path, new() { MaxRedirects = 0 }));
        }

        using var anonymous = new HttpClient();
        var webhook = await anonymous.PostAsync($"{app.BaseUrl}/stripe/webhook", new StringContent("{}"));
        Assert.Equal("nosniff", webhook.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task The_app_runs_under_its_policy_with_no_violation()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = await app.CreateUserAsync(email, "Sup3r!Secret", Roles.Admin);
        var (assetId, _, token) = await StoreSharedAssetAsync(user.Id);
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                violations.Add($"{page.Url}: {message.Text}");
            }
        };

        await page.LogInAsync(email, "Sup3r!Secret");
        foreach (var path in new[] { "/", "/brand-kits/new", "/generate", "/gallery", $"/gallery/{assetId}", "/billing", "/admin", "/dev/outbox" })
        {
            await page.GotoAsync(path);
            if (path != "/dev/outbox")
            {
                // The circuit connected: blazor.web.js, the WebSocket and MudBlazor's script all ran under the policy.
                await page.WaitForCircuitAsync();
            }
        }

        await page.GotoAsync($"/s/{token}");
        await Assertions.Expect(page.Locator($"img[src*='/s/{token}/image']").First).ToBeVisibleAsync();
        await page.GotoAsync("/admin/jobs/dashboard");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("Streamer Studio jobs");

        Assert.Empty(violations);
    }

    private async Task<(Guid AssetId, Guid JobId, string Token)> StoreSharedAssetAsync(Guid userId)
    {
        using var scope = app.Services.CreateScope();
        var jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>()
            .SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Headers" });
        var png = Generation.Rendering.RenderKit.Logo;
        var key = StorageKeys.NewAssetKey(userId, "png");
        var storage = app.Services.GetRequiredService<IAssetStorage>();
        await storage.PutAsync(key, png, "image/png");
        var preview = AssetImages.Preview(png);
        var previewKey = AssetImages.PreviewKeyFor(key, preview);
        await storage.PutAsync(previewKey, preview, AssetImages.PreviewContentType(previewKey));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var asset = new Asset
        {
            UserId = userId,
            JobId = jobId,
            AssetType = AssetType.Thumbnail,
            Width = 1280,
            Height = 720,
            Format = AssetFormat.Png,
            FileSizeBytes = png.Length,
            StorageKey = key,
            PreviewKey = previewKey,
        };
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        var token = await scope.ServiceProvider.GetRequiredService<AssetService>().SetPublicAsync(userId, asset.Id, true);
        return (asset.Id, jobId, token!);
    }
}
