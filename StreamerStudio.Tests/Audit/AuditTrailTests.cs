using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Playwright;
using SkiaSharp;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Tests.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Audit;

/// <summary>
/// Every action in <see cref="AuditTrail.Actions"/> performed through the real services, pages and endpoints (Identity
/// sign-in over the real login form), each checked for its row: actor, entity, and the request's address where there was one.
/// An action added to the list without a way to perform it here fails too.
/// </summary>
public sealed class AuditTrailTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string Password = StudioAppFixture.Password;

    /// <summary>The row an action must leave: who did it, to what, and whether a browser was behind it (then IP and user agent are known).</summary>
    private sealed record Expected(Guid Actor, string EntityType, Guid EntityId, bool FromRequest = false);

    public static TheoryData<string> EveryAction() => [.. AuditTrail.Actions.All];

    private T Service<T>() where T : notnull => app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<Guid> NewCreatorAsync(string? role = null) => (await app.CreateUserAsync(NewEmail(), Password, role)).Id;

    private static string NewEmail() => $"{Guid.NewGuid():N}@example.com";

    /// <summary>A separate person's browser, signed in through the real login form (so the login itself is audited too).</summary>
    private async Task<(IBrowserContext Browser, IAPIRequestContext Http)> SignInAsync(string email, string password = Password)
    {
        var browser = await Browser.NewContextAsync(app.BaseUrl);
        var login = await browser.APIRequest.PostAsync("/Account/Login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        Assert.Equal(302, login.Status);
        return (browser, browser.APIRequest);
    }

    private async Task<Guid> UserIdAsync(string email)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private async Task<Guid> AssetAsync(Guid userId, AssetType type = AssetType.Thumbnail) => type == AssetType.Banner
        ? await ChannelChangesTests.SeedAssetAsync(app, userId, ChannelChangesTests.SolidPng(2560, 1440, SKColors.DarkSlateBlue), type)
        : await ChannelChangesTests.SeedAssetAsync(app, userId, ChannelChangesTests.SolidPng(1280, 720, SKColors.OrangeRed), type);

    private static BrandKitDraft Draft(string name) => new() { Name = name, PrimaryColors = ["#112233"], AccentColors = ["#FFCC00"] };

    private static readonly GenerationRequest Thumbnail = new() { AssetTypes = [AssetType.Thumbnail], Headline = "Ranked grind tonight" };

    /// <summary>A creator whose monthly allowance is used up and who has credits, so the next submission spends one.</summary>
    private async Task<(Guid UserId, Guid JobId)> SpendACreditAsync()
    {
        var userId = await NewCreatorAsync();
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, x => x.AssetsLimit));
            await Credits.AddAsync(db, userId, CreditKind.Purchase, 3, null, $"cs_{Guid.NewGuid():N}", "credit pack");
        }

        return (userId, await Service<GenerationService>().SubmitAsync(userId, Thumbnail));
    }

    private async Task<Guid> FailedJobAsync(Guid owner)
    {
        var jobId = await Service<GenerationService>().SubmitAsync(owner, Thumbnail);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var job = await db.GenerationJobs.SingleAsync(j => j.Id == jobId);
        await db.GenerationJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, JobStatus.Failed).SetProperty(j => j.ErrorMessage, "The renderer hit an error").SetProperty(j => j.FailedAssets, 1));
        await Service<Plans>().ReleaseAsync(db, job, "generation failed");
        return jobId;
    }

    private async Task<Guid> ConnectYoutubeAsync(Guid userId)
    {
        await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, app.Services.GetRequiredService<PlatformSandbox>(), userId);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.PlatformConnections.Where(c => c.UserId == userId).Select(c => c.Id).SingleAsync();
    }

    /// <summary>Performs <paramref name="action"/> the way a person or the system does it, and says which row it must leave.</summary>
    private async Task<Expected> PerformAsync(string action)
    {
        switch (action)
        {
            case AuditTrail.Actions.Registered:
            case AuditTrail.Actions.EmailConfirmed:
            {
                var email = NewEmail();
                await using var browser = await Browser.NewContextAsync(app.BaseUrl);
                var register = await browser.APIRequest.PostAsync("/Account/Register", new Dictionary<string, string>
                {
                    ["Input.DisplayName"] = "Pixel Pilot", ["Input.Email"] = email, ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
                });
                Assert.Equal(302, register.Status);
                if (action == AuditTrail.Actions.EmailConfirmed)
                {
                    var confirm = await browser.APIRequest.GetAsync(app.LinkInLatestMail(email, "Confirm your email"));
                    Assert.Contains("Thank you for confirming your email", await confirm.TextAsync());
                }

                var userId = await UserIdAsync(email);
                return new(userId, "user", userId, FromRequest: true);
            }
            case AuditTrail.Actions.Login:
            {
                var email = NewEmail();
                var userId = (await app.CreateUserAsync(email, Password)).Id;
                await (await SignInAsync(email)).Browser.DisposeAsync();
                return new(userId, "user", userId, FromRequest: true);
            }
            case AuditTrail.Actions.Logout:
            {
                var email = NewEmail();
                var userId = (await app.CreateUserAsync(email, Password)).Id;
                var (browser, http) = await SignInAsync(email);
                await using var _ = browser;
                var logout = await http.PostAsync("/", new Dictionary<string, string> { ["returnUrl"] = "/" }, postPath: "/Account/Logout");
                Assert.Equal(302, logout.Status);
                return new(userId, "user", userId, FromRequest: true);
            }
            case AuditTrail.Actions.LoginFailed:
            case AuditTrail.Actions.LockedOut:
            {
                var email = NewEmail();
                var userId = (await app.CreateUserAsync(email, Password)).Id;
                await using var browser = await Browser.NewContextAsync(app.BaseUrl);
                // The fifth wrong password in a row locks the account (see WebServices).
                for (var attempt = 1; attempt <= (action == AuditTrail.Actions.LockedOut ? 5 : 1); attempt++)
                {
                    var login = await browser.APIRequest.PostAsync("/Account/Login",
                        new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = $"wrong-{attempt}" });
                    Assert.Equal(200, login.Status);
                }

                return new(userId, "user", userId, FromRequest: true);
            }
            case AuditTrail.Actions.PasswordChanged:
            {
                var email = NewEmail();
                var userId = (await app.CreateUserAsync(email, Password)).Id;
                var (browser, http) = await SignInAsync(email);
                await using var _ = browser;
                var change = await http.PostAsync("/Account/Manage/ChangePassword", new Dictionary<string, string>
                {
                    ["Input.OldPassword"] = Password, ["Input.NewPassword"] = "New!Passw0rd", ["Input.ConfirmPassword"] = "New!Passw0rd",
                });
                Assert.Equal(302, change.Status);
                return new(userId, "user", userId, FromRequest: true);
            }
            case AuditTrail.Actions.EmailChanged:
            {
                var email = NewEmail();
                var user = await app.CreateUserAsync(email, Password);
                var (browser, http) = await SignInAsync(email);
                await using var _ = browser;
                var newEmail = NewEmail();
                string code;
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
                    code = await users.GenerateChangeEmailTokenAsync((await users.FindByIdAsync(user.Id.ToString()))!, newEmail);
                }

                var confirm = await http.GetAsync(QueryHelpers.AddQueryString("/Account/ConfirmEmailChange", new Dictionary<string, string?>
                {
                    ["userId"] = user.Id.ToString(), ["email"] = newEmail, ["code"] = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(code)),
                }));
                Assert.Contains("Thank you for confirming your email change", await confirm.TextAsync());
                return new(user.Id, "user", user.Id, FromRequest: true);
            }
            case AuditTrail.Actions.BrandKitCreated:
            {
                var userId = await NewCreatorAsync();
                var kitId = await Service<BrandKitService>().CreateAsync(userId, Draft("Main"));
                return new(userId, "brand_kit", kitId);
            }
            case AuditTrail.Actions.BrandKitUpdated:
            {
                var userId = await NewCreatorAsync();
                var kits = Service<BrandKitService>();
                var kitId = await kits.CreateAsync(userId, Draft("Main"));
                await kits.UpdateAsync(userId, kitId, Draft("Main, renamed"));
                return new(userId, "brand_kit", kitId);
            }
            case AuditTrail.Actions.BrandKitActivated:
            {
                var userId = await NewCreatorAsync();
                var kits = Service<BrandKitService>();
                await kits.CreateAsync(userId, Draft("Main"));
                var second = await kits.CreateAsync(userId, Draft("Seasonal"));
                await kits.SetActiveAsync(userId, second);
                return new(userId, "brand_kit", second);
            }
            case AuditTrail.Actions.BrandKitDeleted:
            {
                var userId = await NewCreatorAsync();
                var kits = Service<BrandKitService>();
                var kitId = await kits.CreateAsync(userId, Draft("Main"));
                await kits.DeleteAsync(userId, kitId);
                return new(userId, "brand_kit", kitId);
            }
            case AuditTrail.Actions.JobSubmitted:
            {
                var userId = await NewCreatorAsync();
                var jobId = await Service<GenerationService>().SubmitAsync(userId, Thumbnail);
                return new(userId, "generation_job", jobId);
            }
            case AuditTrail.Actions.AssetShared:
            case AuditTrail.Actions.AssetUnshared:
            {
                var userId = await NewCreatorAsync();
                var assetId = await AssetAsync(userId);
                var assets = Service<AssetService>();
                await assets.SetPublicAsync(userId, assetId, true);
                if (action == AuditTrail.Actions.AssetUnshared)
                {
                    await assets.SetPublicAsync(userId, assetId, false);
                }

                return new(userId, "asset", assetId);
            }
            case AuditTrail.Actions.AssetDeleted:
            {
                var userId = await NewCreatorAsync();
                var assetId = await AssetAsync(userId);
                await Service<AssetService>().DeleteAsync(userId, assetId);
                return new(userId, "asset", assetId);
            }
            case AuditTrail.Actions.ZipDownloaded:
            {
                var email = NewEmail();
                var userId = (await app.CreateUserAsync(email, Password)).Id;
                var assetId = await AssetAsync(userId);
                var (browser, http) = await SignInAsync(email);
                await using var _ = browser;
                var zip = await http.GetAsync($"/assets/zip?ids={assetId}");
                Assert.Equal(200, zip.Status);
                return new(userId, "asset", assetId, FromRequest: true);
            }
            case AuditTrail.Actions.ChannelConnected:
            {
                var userId = await NewCreatorAsync();
                return new(userId, "platform_connection", await ConnectYoutubeAsync(userId));
            }
            case AuditTrail.Actions.ChannelDisconnected:
            {
                var userId = await NewCreatorAsync();
                var connectionId = await ConnectYoutubeAsync(userId);
                await Service<ChannelConnections>().DisconnectAsync(userId, connectionId);
                return new(userId, "platform_connection", connectionId);
            }
            case AuditTrail.Actions.ThumbnailSet:
            {
                var userId = await NewCreatorAsync();
                var videos = await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, app.Services.GetRequiredService<PlatformSandbox>(), userId);
                var video = videos.Values.First();
                await Service<ChannelChanges>().SetThumbnailAsync(userId, await AssetAsync(userId), video);
                return new(userId, "content_item", video);
            }
            case AuditTrail.Actions.ChannelBannerSet:
            {
                var userId = await NewCreatorAsync();
                await ConnectYoutubeAsync(userId);
                await using var db = TestPostgres.CreateContext(app.ConnectionString);
                var channelId = await db.Channels.Where(c => c.UserId == userId).Select(c => c.Id).SingleAsync();
                await Service<ChannelChanges>().SetBannerAsync(userId, await AssetAsync(userId, AssetType.Banner), channelId);
                return new(userId, "channel", channelId);
            }
            case AuditTrail.Actions.TierChanged:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await Service<AdminService>().ChangeTierAsync(adminId, userId, SubscriptionTier.Pro);
                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.CreditsPurchased:
            {
                var userId = await NewCreatorAsync();
                await using var db = TestPostgres.CreateContext(app.ConnectionString);
                await Credits.AddAsync(db, userId, CreditKind.Purchase, 10, null, $"cs_{Guid.NewGuid():N}", "credit pack");
                return new(userId, "user", userId);
            }
            case AuditTrail.Actions.CreditsSpent:
            {
                var (userId, _) = await SpendACreditAsync();
                return new(userId, "user", userId);
            }
            case AuditTrail.Actions.CreditsRefunded:
            {
                var (userId, jobId) = await SpendACreditAsync();
                await using var db = TestPostgres.CreateContext(app.ConnectionString);
                await Service<Plans>().ReleaseAsync(db, await db.GenerationJobs.SingleAsync(j => j.Id == jobId), "generation failed");
                return new(userId, "user", userId);
            }
            case AuditTrail.Actions.CreditsGranted:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await Service<AdminService>().GrantCreditsAsync(adminId, userId, 5);
                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.UsageReset:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await Service<AdminService>().ResetUsageAsync(adminId, userId);
                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.Locked:
            case AuditTrail.Actions.Unlocked:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await Service<AdminService>().SetLockedAsync(adminId, userId, true);
                if (action == AuditTrail.Actions.Unlocked)
                {
                    await Service<AdminService>().SetLockedAsync(adminId, userId, false);
                }

                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.ConfirmationResent:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await using (var db = TestPostgres.CreateContext(app.ConnectionString))
                {
                    await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.EmailConfirmed, false));
                }

                await Service<AdminService>().ResendConfirmationAsync(adminId, userId, app.BaseUrl + "/");
                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.AdminGranted:
            case AuditTrail.Actions.AdminRemoved:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await Service<AdminService>().SetAdminAsync(adminId, userId, true);
                if (action == AuditTrail.Actions.AdminRemoved)
                {
                    await Service<AdminService>().SetAdminAsync(adminId, userId, false);
                }

                return new(adminId, "user", userId);
            }
            case AuditTrail.Actions.JobRetried:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                var jobId = await FailedJobAsync(userId);
                Assert.Empty(await Service<AdminService>().RetryJobsAsync(adminId, [jobId]));
                return new(adminId, "generation_job", jobId);
            }
            case AuditTrail.Actions.AdminViewedAssets:
            {
                var (adminId, userId) = (await NewCreatorAsync(Roles.Admin), await NewCreatorAsync());
                await AssetAsync(userId);
                Assert.Single(await Service<AdminService>().ViewAssetsAsync(adminId, userId));
                return new(adminId, "user", userId);
            }
            default:
                throw new Xunit.Sdk.XunitException($"No way to perform \"{action}\" in this test: add it to {nameof(PerformAsync)}.");
        }
    }

    [Theory]
    [MemberData(nameof(EveryAction))]
    public async Task Every_listed_action_writes_its_row_with_actor_and_entity(string action)
    {
        var expected = await PerformAsync(action);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var rows = await db.AuditLog.AsNoTracking().Where(e => e.Action == action && e.EntityId == expected.EntityId).ToListAsync();
        var row = Assert.Single(rows);
        Assert.Equal((expected.Actor, expected.EntityType), (row.UserId ?? Guid.Empty, row.EntityType));
        if (expected.FromRequest)
        {
            Assert.NotNull(row.IpAddress);
            Assert.False(string.IsNullOrEmpty(row.UserAgent));
        }
    }

    [Fact]
    public async Task A_brand_kit_update_records_only_what_changed_before_and_after()
    {
        var userId = await NewCreatorAsync();
        var kits = Service<BrandKitService>();
        var kitId = await kits.CreateAsync(userId, Draft("Main"));

        var draft = Draft("Night stream");
        draft.AccentColors = ["#FF0066"];
        await kits.UpdateAsync(userId, kitId, draft);

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var row = await db.AuditLog.AsNoTracking().SingleAsync(e => e.Action == AuditTrail.Actions.BrandKitUpdated && e.EntityId == kitId);
        var before = JsonDocument.Parse(row.OldValues!).RootElement;
        var after = JsonDocument.Parse(row.NewValues!).RootElement;
        Assert.Equal(["accentColors", "name"], before.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(["accentColors", "name"], after.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(("Main", "Night stream"), (before.GetProperty("name").GetString(), after.GetProperty("name").GetString()));
        Assert.Equal(("#FFCC00", "#FF0066"), (before.GetProperty("accentColors")[0].GetString(), after.GetProperty("accentColors")[0].GetString()));
    }

    [Fact]
    public async Task A_refused_submission_writes_no_audit_row()
    {
        var userId = await NewCreatorAsync();
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == userId).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, x => x.AssetsLimit));

        await Assert.ThrowsAsync<RequestRefusedException>(() => Service<GenerationService>().SubmitAsync(userId, Thumbnail));

        Assert.False(await db.AuditLog.AnyAsync(e => e.UserId == userId && e.Action == AuditTrail.Actions.JobSubmitted));
    }
}
