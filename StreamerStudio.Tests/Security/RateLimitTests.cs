using Microsoft.Playwright;

namespace StreamerStudio.Tests.Security;

/// <summary>Small limits, in windows far longer than the test, so counts never reset halfway.</summary>
public sealed class RateLimitedAppFixture : StudioAppFixture
{
    public const int AccountPostsPerIp = 8;
    public const int AccountPostsPerEmail = 3;
    public const int WebhookPerIp = 3;
    public const int SharePerIp = 4;

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        $"--RateLimits:AccountPostsPerIp:Permits={AccountPostsPerIp}",
        "--RateLimits:AccountPostsPerIp:WindowSeconds=3600",
        $"--RateLimits:AccountPostsPerEmail:Permits={AccountPostsPerEmail}",
        "--RateLimits:AccountPostsPerEmail:WindowSeconds=3600",
        $"--RateLimits:StripeWebhookPerIp:Permits={WebhookPerIp}",
        "--RateLimits:StripeWebhookPerIp:WindowSeconds=3600",
        $"--RateLimits:SharePerIp:Permits={SharePerIp}",
        "--RateLimits:SharePerIp:WindowSeconds=3600",
    ];
}

/// <summary>What anyone can hammer without an account answers 429 with Retry-After once over its limit.</summary>
public sealed class RateLimitTests(RateLimitedAppFixture app) : IClassFixture<RateLimitedAppFixture>
{
    private static async Task AssertTooManyAsync(IAPIResponse response)
    {
        Assert.Equal(429, response.Status);
        Assert.True(int.Parse(response.Headers["retry-after"]) > 0);
        Assert.Contains("Too many requests", await response.TextAsync());
    }

    [Fact]
    public async Task Login_posts_are_limited_per_email_and_per_address()
    {
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var http = browser.APIRequest;
        var target = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(target, "Sup3r!Secret");
        Task<IAPIResponse> LogIn(string email) => http.PostAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "guess" });

        for (var i = 0; i < RateLimitedAppFixture.AccountPostsPerEmail; i++)
        {
            Assert.True((await LogIn(target)).Status == 200, $"post {i + 1} for one email was refused");
        }

        await AssertTooManyAsync(await LogIn(target));
        // The one email is refused while another from this address still gets through...
        Assert.Equal(200, (await LogIn($"{Guid.NewGuid():N}@example.com")).Status);
        // ...until the address's own limit, reached with fresh emails only.
        IAPIResponse? refused = null;
        for (var i = 0; i < RateLimitedAppFixture.AccountPostsPerIp && refused is null; i++)
        {
            var response = await LogIn($"{Guid.NewGuid():N}@example.com");
            refused = response.Status == 429 ? response : null;
        }

        Assert.NotNull(refused);
        await AssertTooManyAsync(refused);
    }

    [Fact]
    public async Task The_stripe_webhook_is_limited_per_address()
    {
        using var http = new HttpClient();
        var statuses = new List<int>();
        for (var i = 0; i <= RateLimitedAppFixture.WebhookPerIp; i++)
        {
            var response = await http.PostAsync($"{app.BaseUrl}/stripe/webhook", new StringContent("{}"));
            statuses.Add((int)response.StatusCode);
            if (response.StatusCode == System.Net.HttpStatusCode.TooManyRequests)
            {
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        Assert.All(statuses.Take(RateLimitedAppFixture.WebhookPerIp), s => Assert.Equal(400, s));
        Assert.Equal(429, statuses[^1]);
    }

    [Fact]
    public async Task Share_links_are_limited_per_address()
    {
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var token = Guid.NewGuid().ToString("N");
        for (var i = 0; i < RateLimitedAppFixture.SharePerIp; i++)
        {
            Assert.Equal(404, (await browser.APIRequest.GetAsync(i % 2 == 0 ? $"/s/{token}" : $"/s/{token}/image")).Status);
        }

        await AssertTooManyAsync(await browser.APIRequest.GetAsync($"/s/{token}/image"));
    }
}
