using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Observability;

namespace StreamerStudio.Tests.Observability;

/// <summary>
/// A thumbnail rendered by the real app's worker (run by hand, so the test knows when it is done) shows up in the
/// studio's instruments with its type and format, in a span, and on the admin overview.
/// </summary>
public sealed class StudioMetricsTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private StudioMetrics Metrics => app.Services.GetRequiredService<StudioMetrics>();

    private async Task<Guid> SubmitAsync(AssetFormat format)
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password);
        using var scope = app.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, new GenerationRequest
        {
            AssetTypes = [AssetType.Thumbnail],
            Format = format,
            Headline = "Ranked grind tonight",
        });
    }

    private async Task RenderAsync(Guid jobId)
    {
        using var scope = app.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<GenerationWorker>().RenderAsync(jobId, CancellationToken.None);
    }

    [Fact]
    public async Task A_rendered_thumbnail_is_measured_by_type_and_format_counted_as_completed_and_traced()
    {
        using var recorded = new RecordedMeasurements(Metrics);
        var spans = new List<Activity>();
        using var tracing = new ActivityListener
        {
            ShouldListenTo = source => source.Name == StudioMetrics.MeterName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => { lock (spans) { spans.Add(activity); } },
        };
        ActivitySource.AddActivityListener(tracing);
        var jobId = await SubmitAsync(AssetFormat.Jpeg);

        await RenderAsync(jobId);

        var render = Assert.Single(recorded.Of(StudioMetrics.RenderDuration));
        Assert.Equal("thumbnail", render.Tags["asset.type"]);
        Assert.Equal("jpeg", render.Tags["asset.format"]);
        Assert.True(render.Value > 0, $"A render took {render.Value} ms.");
        var job = Assert.Single(recorded.Of(StudioMetrics.Jobs));
        Assert.Equal(("completed", "thumbnail", 1.0), (job.Tags["outcome"], job.Tags["asset.type"], job.Value));
        var wait = Assert.Single(recorded.Of(StudioMetrics.QueueWait));
        Assert.True(wait.Value >= 0);

        Activity span;
        lock (spans)
        {
            span = Assert.Single(spans, s => (Guid?)s.GetTagItem("studio.job.id") == jobId);
        }

        Assert.Equal("render job", span.DisplayName);
        Assert.Equal(("thumbnail", "jpeg", "completed"),
            (span.GetTagItem("studio.asset.type"), span.GetTagItem("studio.asset.format"), span.GetTagItem("studio.job.outcome")));

        var live = Metrics.Recent.Read();
        var row = Assert.Single(live.Renders, r => r is { AssetType: "thumbnail", Format: "jpeg" });
        Assert.True(row.Count >= 1 && row.P50Ms > 0 && row.P95Ms >= row.P50Ms);
        Assert.True(live.Jobs[JobOutcome.Completed] >= 1);
        Assert.NotNull(live.QueueWaitP95Ms);
        Assert.False(live.NothingHappened);
    }

    [Fact]
    public async Task The_queue_depth_counts_waiting_jobs_and_asks_the_database_at_most_once_per_few_seconds()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var probe = new QueueDepthProbe(app.Services.GetRequiredService<IDbContextFactory<StreamerStudio.Domain.Persistence.StudioDbContext>>(), clock);
        long Queued() => (long)probe.Observe().Single(m => (string?)m.Tags.ToArray().Single().Value == "queued").Value;
        var before = Queued();

        var jobId = await SubmitAsync(AssetFormat.Png);
        Assert.Equal(before, Queued());
        clock.Advance(QueueDepthProbe.FreshFor);
        Assert.Equal(before + 1, Queued());

        await RenderAsync(jobId);
        Assert.Equal(before + 1, Queued());
        clock.Advance(QueueDepthProbe.FreshFor);
        Assert.Equal(before, Queued());
    }

    [Fact]
    public async Task The_admin_overview_shows_the_live_figures_of_the_instruments()
    {
        await RenderAsync(await SubmitAsync(AssetFormat.Webp));
        var live = Metrics.Recent.Read();
        var row = live.Renders.Single(r => r is { AssetType: "thumbnail", Format: "webp" });
        await using var admin = await app.SignInNewUserAsync(Roles.Admin);
        var page = admin.Page;

        await page.GotoAsync("/admin");

        var rendered = page.GetByTestId("live-render-thumbnail-webp");
        await Assertions.Expect(rendered).ToBeVisibleAsync();
        await Assertions.Expect(rendered.Locator("td").Nth(1)).ToHaveTextAsync(row.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.GetByTestId("live-jobs-completed")).ToHaveTextAsync(new Regex($@"^\s*{live.Jobs[JobOutcome.Completed]} completed\s*$"));
        await Assertions.Expect(page.GetByTestId("render-p95")).ToHaveTextAsync(new Regex(@"^\d+ ms$"));
        await Assertions.Expect(page.GetByTestId("queue-wait-p95")).ToContainTextAsync("p95 wait in the queue");
        // The admin's own page holds a circuit.
        await Assertions.Expect(page.GetByTestId("open-circuits")).ToHaveTextAsync(new Regex(@"^\s*[1-9]\d* open circuits?\s*$"));
        await Assertions.Expect(page.GetByTestId("live-empty")).ToHaveCountAsync(0);

        // A phone: nothing runs off the side of the page (the renders table scrolls inside its own box).
        await page.SetViewportSizeAsync(390, 844);
        await Assertions.Expect(rendered).ToBeVisibleAsync();
        // Waits for the app bar's bell, which comes with the circuit: with it the bar is at its widest.
        await Assertions.Expect(page.GetByTestId("bell")).ToBeVisibleAsync();
        // The charts redraw for the new width a moment after the resize: wait for the page to fit, or say what does not.
        try
        {
            // Checked at each frame by a function of the test's own: WaitForFunctionAsync compiles its predicate in the page
            // with eval once the first look fails, which the app's Content-Security-Policy refuses.
            await page.EvaluateAsync("""
                () => new Promise(resolve => {
                    const fits = () => document.documentElement.scrollWidth <= window.innerWidth ? resolve(true) : requestAnimationFrame(fits);
                    fits();
                })
                """).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            var overflowing = await page.EvaluateAsync<string>(
                "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.tagName.toLowerCase() + '.' + e.getAttribute('class')).slice(0, 5).join(', ')");
            Assert.Fail($"The admin overview is wider than a phone: {overflowing}.");
        }
    }
}
