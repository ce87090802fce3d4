using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Security;

/// <summary>The outbox holds password-reset links: only an admin in Development may read it.</summary>
public sealed class DevOnlyTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task Anonymous_visitors_and_creators_get_not_found_and_no_mail()
    {
        // A reset link for somebody is in the outbox.
        var victim = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(victim, "Sup3r!Secret");
        await using var anonymous = await Browser.NewContextAsync(app.BaseUrl);
        await anonymous.APIRequest.PostAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = victim });
        await using var creator = await app.SignInNewUserAsync();

        foreach (var http in new[] { anonymous.APIRequest, creator.Http })
        {
            var response = await http.GetAsync("/dev/outbox", new() { MaxRedirects = 0 });
            Assert.Equal(404, response.Status);
            Assert.DoesNotContain(victim, await response.TextAsync());
        }
    }

    [Fact]
    public async Task An_admin_in_development_reads_the_outbox()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await using var anonymous = await Browser.NewContextAsync(app.BaseUrl);
        await anonymous.APIRequest.PostAsync("/Account/ForgotPassword", new Dictionary<string, string> { ["Input.Email"] = email });
        await using var admin = await app.SignInNewUserAsync(Roles.Admin);

        var response = await admin.Http.GetAsync("/dev/outbox");

        Assert.Equal(200, response.Status);
        Assert.Contains($"data-to=\"{email}\"", await response.TextAsync());
    }
}
