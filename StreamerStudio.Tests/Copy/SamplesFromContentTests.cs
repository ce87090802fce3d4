using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Tests.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Copy;

/// <summary>
/// Voice samples picked from the creator's synced content (the sandbox YouTube channel): titles and descriptions become
/// samples, repeats are skipped, another creator's item or a choice past the cap is refused with nothing stored.
/// </summary>
public sealed class SamplesFromContentTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string HollowKnight = "I Beat Hollow Knight Without Taking Damage";

    private VoiceStudio Voice => app.Services.CreateScope().ServiceProvider.GetRequiredService<VoiceStudio>();

    private async Task<(Guid User, Guid Kit, Dictionary<string, Guid> Videos)> CreatorAsync()
    {
        var sandbox = app.Services.GetRequiredService<PlatformSandbox>();
        sandbox.ResetYoutubeVideos();
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var videos = await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, sandbox, userId);
        var kits = app.Services.CreateScope().ServiceProvider.GetRequiredService<BrandKitService>();
        var kitId = await kits.CreateAsync(userId, new BrandKitDraft { Name = "Pilot", Tone = Tone.Casual });
        return (userId, kitId, videos);
    }

    private async Task<List<string>> SamplesAsync(Guid kitId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.VoiceSamples.Where(s => s.BrandKitId == kitId).Select(s => s.Content).ToListAsync();
    }

    [Fact]
    public async Task Chosen_titles_and_descriptions_become_samples_and_repeats_are_skipped()
    {
        var (user, kit, videos) = await CreatorAsync();
        await Voice.AddSamplesAsync(user, kit, HollowKnight);

        var added = await Voice.AddFromContentAsync(user, kit, [videos["dQw4sbx0001"], videos["dQw4sbx0003"]], withDescriptions: true);

        Assert.Equal((3, 1), (added.Added, added.AlreadyThere));
        Assert.Equal(4, added.Voice.Metrics.SampleCount);
        Assert.Equal(
            ["A modded playthrough where nothing grows as planned.", HollowKnight, "Stardew Valley, But Every Crop Is Random",
                "The full no-hit run, with the three attempts that nearly made it."],
            (await SamplesAsync(kit)).Order());

        var sources = await Voice.SampleSourcesAsync(user, kit, null);
        Assert.Equal(HollowKnight, sources[0].Title);
        Assert.Equal([true, false, true, false], sources.Where(s => s.Platform == Domain.Platforms.Platform.Youtube).Select(s => s.IsSample));
    }

    [Fact]
    public async Task Another_creators_item_is_refused_and_nothing_is_added()
    {
        var (_, _, ownersVideos) = await CreatorAsync();
        var (stranger, strangersKit, strangersVideos) = await CreatorAsync();

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Voice.AddFromContentAsync(stranger, strangersKit, [strangersVideos["dQw4sbx0002"], ownersVideos["dQw4sbx0001"]], withDescriptions: false));

        Assert.Equal("One of those videos was not found. Sync your channel and pick again; nothing was added.", refused.Message);
        Assert.Empty(await SamplesAsync(strangersKit));
    }

    [Fact]
    public async Task A_choice_that_would_pass_the_cap_or_picks_nothing_is_refused()
    {
        var (user, kit, videos) = await CreatorAsync();
        await Voice.AddSamplesAsync(user, kit, string.Join("\n", Enumerable.Range(0, VoiceStudio.MaxSamplesPerKit - 1).Select(i => $"stream number {i}")));

        var full = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Voice.AddFromContentAsync(user, kit, [videos["dQw4sbx0001"], videos["dQw4sbx0002"]], withDescriptions: false));
        var none = await Assert.ThrowsAsync<RequestRefusedException>(() => Voice.AddFromContentAsync(user, kit, [], withDescriptions: false));

        Assert.Equal("A brand kit keeps at most 500 samples; this one has 499 and you chose 2 new. Remove some first. Nothing was added.", full.Message);
        Assert.Equal("Pick at least one video to learn from.", none.Message);
        Assert.Equal(VoiceStudio.MaxSamplesPerKit - 1, (await SamplesAsync(kit)).Count);
    }
}
