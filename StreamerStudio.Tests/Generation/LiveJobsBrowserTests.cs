using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Generation;

/// <summary>A creator generates and watches it happen: the real app, its job server, headless Chromium.</summary>
[Collection(JobServerCollection.Name)]
public sealed class LiveJobsBrowserTests(StudioAppFixture app) : IClassFixture<StudioAppFixture>, IAsyncLifetime
{
    private IBrowserContext _browser = default!;
    private IPage _page = default!;
    private Guid _userId;

    public async Task InitializeAsync()
    {
        _browser = await Browser.NewContextAsync(app.BaseUrl);
        _page = await _browser.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@example.com";
        _userId = (await app.CreateUserAsync(email, "Sup3r!Secret")).Id;
        await _page.LogInAsync(email, "Sup3r!Secret");
        await Assertions.Expect(_page.GetByTestId("greeting")).ToBeVisibleAsync();
    }

    public async Task DisposeAsync() => await _browser.DisposeAsync();

    [Fact]
    public async Task A_thumbnail_goes_from_queued_to_done_on_the_page_without_a_reload()
    {
        await _page.GotoAsync("/generate");
        await _page.WaitForCircuitAsync();
        await _page.GetByTestId("headline").FillAsync("Road to Diamond");
        await _page.GetByTestId("badge").FillAsync("EP 12");
        await _page.GetByTestId("generate-submit").ClickAsync();

        var job = _page.GetByTestId("job").First;
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Assertions.Expect(job.GetByTestId("job-asset")).ToHaveCountAsync(1);
        var image = job.Locator("img").First;
        // The card shows the small preview (480 px on the long side), not the 1280×720 file.
        await Assertions.Expect(image).ToHaveJSPropertyAsync("naturalWidth", 480);

        await _page.GotoAsync("/jobs");
        await Assertions.Expect(_page.GetByTestId("job").First).ToContainTextAsync("Road to Diamond");
    }

    [Fact]
    public async Task Bad_input_shows_the_message_beside_the_form_and_queues_nothing()
    {
        await _page.GotoAsync("/generate");
        await _page.WaitForCircuitAsync();

        await _page.GetByTestId("generate-submit").ClickAsync();

        // Beside the headline field itself, not in a summary elsewhere on the page.
        var headlineField = _page.Locator(".mud-input-control", new() { Has = _page.GetByTestId("headline") });
        await Assertions.Expect(headlineField).ToContainTextAsync("Write a headline");
        await Assertions.Expect(_page.Locator(".mud-input-control", new() { Has = _page.GetByTestId("subline") })).Not.ToContainTextAsync("Write a headline");
        await Assertions.Expect(_page.GetByTestId("job")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_jobs_page_updates_live_when_a_job_is_submitted_elsewhere()
    {
        await _page.GotoAsync("/jobs");
        await _page.WaitForCircuitAsync();
        await Assertions.Expect(_page.GetByTestId("jobs-empty")).ToBeVisibleAsync();
        var userId = _userId;

        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, new GenerationRequest
            {
                JobType = JobType.Batch,
                AssetTypes = [AssetType.Thumbnail, AssetType.ClipCover],
                Headline = "Pack from another tab",
            });
        }

        var job = _page.GetByTestId("job").First;
        await Assertions.Expect(job).ToContainTextAsync("Pack from another tab");
        await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 30_000 });
        await Assertions.Expect(job.GetByTestId("job-asset")).ToHaveCountAsync(2);

        // The pack downloads as one ZIP.
        var download = await _page.RunAndWaitForDownloadAsync(() => job.GetByTestId("job-zip").ClickAsync());
        Assert.EndsWith(".zip", download.SuggestedFilename);
    }
}

/// <summary>
/// The web app with no job server of its own and a separate `--worker` process (the real executable) doing
/// the rendering against the same database: the page still updates live.
/// </summary>
public sealed class SeparateWorkerProcessTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>, IAsyncLifetime
{
    private Process? _worker;
    private readonly System.Text.StringBuilder _output = new();

    public Task InitializeAsync()
    {
        var webDll = typeof(StudioApp).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            // Development like the web app, so it reads the key ring with the same development certificate.
            ArgumentList =
            {
                webDll, "--worker", "--environment=Development", $"--ConnectionStrings:Default={app.ConnectionString}",
                $"--DataFolder={Path.GetDirectoryName(app.OutboxFolder)}",
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _worker = Process.Start(start)!;
        _worker.OutputDataReceived += (_, e) => _output.AppendLine(e.Data);
        _worker.ErrorDataReceived += (_, e) => _output.AppendLine(e.Data);
        _worker.BeginOutputReadLine();
        _worker.BeginErrorReadLine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        if (_worker is { HasExited: false })
        {
            _worker.Kill(entireProcessTree: true);
            await _worker.WaitForExitAsync();
        }

        _worker?.Dispose();
    }

    [Fact]
    public async Task A_job_rendered_by_the_worker_process_updates_the_page_live()
    {
        await using var browser = await Browser.NewContextAsync(app.BaseUrl);
        var page = await browser.NewPageAsync();
        var email = $"{Guid.NewGuid():N}@example.com";
        await app.CreateUserAsync(email, "Sup3r!Secret");
        await page.LogInAsync(email, "Sup3r!Secret");
        await page.GotoAsync("/generate");
        await page.WaitForCircuitAsync();

        await page.GetByTestId("headline").FillAsync("Rendered elsewhere");
        await page.GetByTestId("generate-submit").ClickAsync();

        var job = page.GetByTestId("job").First;
        try
        {
            await Assertions.Expect(job).ToHaveAttributeAsync("data-status", "completed", new() { Timeout = 60_000 });
        }
        catch (PlaywrightException e)
        {
            throw new Xunit.Sdk.XunitException($"{e.Message}\nWorker process output:\n{_output}");
        }

        await Assertions.Expect(job.GetByTestId("job-asset")).ToHaveCountAsync(1);
        Assert.False(_worker!.HasExited, _output.ToString());
    }
}
