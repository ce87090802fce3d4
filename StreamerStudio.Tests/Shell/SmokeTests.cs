
namespace StreamerStudio.Tests.Shell;

[Collection(JobServerCollection.Name)]
public sealed class HealthAndStaticFilesTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false });

    [Fact]
    public async Task Healthz_reports_the_database_as_healthy()
    {
        var response = await _http.GetAsync($"{app.BaseUrl}/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/app.css")]
    [InlineData("/favicon.png")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Serves_top_level_wwwroot_and_library_assets(string path)
    {
        var response = await _http.GetAsync(app.BaseUrl + path);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Anonymous_visitor_of_the_dashboard_is_sent_to_the_login_page()
    {
        var response = await _http.GetAsync(app.BaseUrl + "/dashboard");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery);
    }
}
