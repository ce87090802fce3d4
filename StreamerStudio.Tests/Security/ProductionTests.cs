using System.Security.Cryptography.X509Certificates;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Security;

/// <summary>
/// The app in the Production environment, configured as a real site must be (SMTP, a key ring certificate):
/// no developer conveniences, and cookies that only travel over HTTPS.
/// </summary>
public sealed class ProductionAppFixture : StudioAppFixture
{
    private readonly string _certificate = Path.Combine(Path.GetTempPath(), $"studio-keyring-{Guid.NewGuid():N}.pfx");

    public static string SelfSignedPfx(string path)
    {
        using var certificate = KeyRingCertificate.CreateSelfSigned(TimeProvider.System, "CN=Streamer Studio test key ring");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12));
        return path;
    }

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--environment=Production",
        "--Generation:RunWorkerInWeb=false",
        "--Mail:Smtp:Host=127.0.0.1",
        $"--DataProtection:CertificatePath={SelfSignedPfx(_certificate)}",
        // Asked for, and still refused outside Development.
        "--Demo:Seed=true",
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        File.Delete(_certificate);
    }

    /// <summary>
    /// Signs a new user in over HTTP. The sign-in cookie is Secure here, so a plain-HTTP test client sends it back
    /// only when told to: the returned client does, and follows no redirects.
    /// </summary>
    public async Task<SignedInHttp> SignInOverHttpAsync(string? role = null)
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await CreateUserAsync(email, "Sup3r!Secret", role);
        await using var browser = await Browser.NewContextAsync(BaseUrl);
        var login = await browser.APIRequest.PostAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Sup3r!Secret" });
        var cookie = login.HeadersArray.Where(h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value.Split(';')[0]).Single(c => c.StartsWith(".AspNetCore.Identity.Application="));
        return new SignedInHttp(BaseUrl, cookie);
    }
}

public sealed class SignedInHttp(string baseUrl, string cookie) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false });

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{baseUrl}{path}");
        request.Headers.Add("Cookie", cookie);
        return await _http.SendAsync(request);
    }

    public void Dispose() => _http.Dispose();
}

public sealed class ProductionTests(ProductionAppFixture app) : IClassFixture<ProductionAppFixture>
{
    [Fact]
    public async Task Demo_logins_are_not_seeded_even_when_asked_for()
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.Users.AnyAsync(u => u.Email == DemoAccounts.Creator.Email || u.Email == DemoAccounts.Admin.Email));
    }

    [Fact]
    public async Task The_outbox_does_not_exist_even_for_an_admin()
    {
        using var admin = await app.SignInOverHttpAsync(Roles.Admin);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/dev/outbox")).StatusCode);
    }

    [Fact]
    public async Task Every_cookie_is_secure_and_http_only_where_it_should_be()
    {
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var loginPage = await browser.APIRequest.GetAsync("/Account/Login");
        var login = await browser.APIRequest.PostAsync("/Account/Login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "Sup3r!Secret" });

        var cookies = new[] { loginPage, login }
            .SelectMany(r => r.HeadersArray)
            .Where(h => h.Name.Equals("set-cookie", StringComparison.OrdinalIgnoreCase))
            .Select(h => h.Value)
            .ToList();
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Antiforgery."));
        Assert.Contains(cookies, c => c.StartsWith(".AspNetCore.Identity.Application="));
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
        Assert.All(cookies, c => Assert.Contains("httponly", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Without_an_smtp_host_the_app_refuses_to_start()
    {
        await using var app = await StudioApp.CreateAsync(
        [
            "--environment=Production",
            "--ConnectionStrings:Default=Host=127.0.0.1;Port=1",
            $"--DataFolder={Path.Combine(Path.GetTempPath(), $"studio-nosmtp-{Guid.NewGuid():N}")}",
            $"--DataProtection:CertificatePath={ProductionAppFixture.SelfSignedPfx(Path.Combine(Path.GetTempPath(), $"studio-nosmtp-{Guid.NewGuid():N}.pfx"))}",
        ]);

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate());
        Assert.Contains("Mail:Smtp:Host", refused.Message);
    }
}
