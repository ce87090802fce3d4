using Microsoft.Playwright;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Copy;

/// <summary>The app with an OpenAI-compatible provider whose answer starts and never finishes (no job server).</summary>
public sealed class StallingProviderAppFixture : StudioAppFixture
{
    public const string FirstWords = "{\"titles\": [\"PREDATOR";

    private readonly StallingOpenAi _provider = new(FirstWords);

    protected override IEnumerable<string> ExtraArguments =>
    [
        "--Generation:RunWorkerInWeb=false",
        $"--Copy:Provider:BaseUrl={_provider.BaseUrl}",
        $"--Copy:Provider:Model={FakeOpenAi.Model}",
        "--Copy:Provider:TimeoutSeconds=600",
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _provider.DisposeAsync();
    }
}

/// <summary>What a creator sees while a provider writes: the words in the page as they arrive, and a Cancel that keeps nothing.</summary>
public sealed class CopyStreamingBrowserTests(StallingProviderAppFixture app) : IClassFixture<StallingProviderAppFixture>, IAsyncLifetime
{
    private SignedIn _creator = default!;
    private IPage Page => _creator.Page;

    public async Task InitializeAsync() => _creator = await app.SignInNewUserAsync();

    public async Task DisposeAsync() => await _creator.DisposeAsync();

    [Fact]
    public async Task The_providers_first_words_show_while_it_writes_and_cancel_keeps_nothing_and_costs_nothing()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<BrandKitService>()
                .CreateAsync(_creator.User.Id, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual });
        }

        await Page.GotoAsync("/copy");
        await Page.WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("engine")).ToContainTextAsync(FakeOpenAi.Model);
        await Assertions.Expect(Page.GetByTestId("ai-allowance")).ToContainTextAsync("0 of 20 AI generations used this month");
        await Page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" })
            .FillAsync("a no-hit run of hollow knight with three near misses");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" }).ClickAsync();

        // The provider never finishes, so what is on screen can only be the streamed draft.
        await Assertions.Expect(Page.GetByTestId("streamed")).ToContainTextAsync("PREDATOR");
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" })).ToBeDisabledAsync();
        Assert.Equal(0, await Page.GetByTestId("title-suggestion").CountAsync());

        await Page.GetByTestId("cancel-suggest").ClickAsync();
        await Assertions.Expect(Page.GetByText("Cancelled: nothing was kept, and it does not count toward your AI generations.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("streamed")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Suggest" })).ToBeEnabledAsync();
        await Assertions.Expect(Page.GetByTestId("ai-allowance")).ToContainTextAsync("0 of 20 AI generations used this month");
        Assert.Equal(0, await Page.GetByTestId("title-suggestion").CountAsync());

        await using var db = await app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContextAsync();
        var call = await db.AiUsage.AsNoTracking().SingleAsync(u => u.UserId == _creator.User.Id);
        Assert.Equal(AiOutcome.Cancelled, call.Outcome);
        Assert.False(await db.GeneratedCopy.AnyAsync(g => g.UserId == _creator.User.Id));
    }
}
