using System.Text.Json.Nodes;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Web.Sandbox;

namespace StreamerStudio.Tests.Platforms;

/// <summary>
/// Putting new words on a YouTube video through the platform sandbox (which speaks videos.list/videos.update as YouTube
/// does): applied with the category kept, one revision per changed field, undone whole; YouTube's limits refused before
/// anything is sent; another creator's video "not found"; a spent quota said in the creator's words. Each refusal leaves
/// YouTube, the synced item and the revisions as they were.
/// </summary>
public sealed class ChannelCopyTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string Celeste = "dQw4sbx0002";
    private const string CelesteTitle = "Celeste Chapter 9 — Every Golden Strawberry";

    private PlatformSandbox Sandbox => app.Services.GetRequiredService<PlatformSandbox>();

    private ChannelChanges Changes => app.Services.CreateScope().ServiceProvider.GetRequiredService<ChannelChanges>();

    private async Task<(Guid UserId, Guid Video)> CreatorWithCelesteAsync(string[]? untick = null)
    {
        Sandbox.ResetYoutubeVideos();
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var videos = await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, Sandbox, userId, untick);
        return (userId, videos[Celeste]);
    }

    [Fact]
    public async Task Applying_title_description_and_tags_updates_youtube_keeps_the_category_and_writes_a_revision_per_field()
    {
        var (userId, video) = await CreatorWithCelesteAsync();

        var done = await Changes.ApplyCopyAsync(userId, video, "every golden strawberry in one sitting (chat was not calm)",
            "All of chapter 9's goldens.\n\nChapters: coming soon", ["celeste", "golden strawberry", "speedrun"]);

        Assert.Equal("New title, description and tags on “every golden strawberry in one sitting (chat was not calm)”.", done.Message);
        var onYoutube = Sandbox.YoutubeSnippet(Celeste);
        Assert.Equal("every golden strawberry in one sitting (chat was not calm)", onYoutube["title"]!.GetValue<string>());
        Assert.Equal("All of chapter 9's goldens.\n\nChapters: coming soon", onYoutube["description"]!.GetValue<string>());
        Assert.Equal(["celeste", "golden strawberry", "speedrun"], onYoutube["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal("20", onYoutube["categoryId"]!.GetValue<string>());

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var revisions = await db.ContentRevisions.Where(r => r.ContentItemId == video).OrderBy(r => r.Field).ToListAsync();
        Assert.Equal(["description", "tags", "title"], revisions.Select(r => r.Field));
        Assert.All(revisions, r => Assert.Equal(("ai_suggestion", userId), (r.Source, r.UserId)));
        var title = revisions.Single(r => r.Field == "title");
        Assert.Equal((done.ChangeId, CelesteTitle), (title.Id, title.OldValue));
        Assert.Equal("""["celeste","golden strawberry"]""", revisions.Single(r => r.Field == "tags").OldValue);
        Assert.Equal($"with:{done.ChangeId}", revisions.Single(r => r.Field == "tags").Reason);
        Assert.True(await db.AuditLog.AnyAsync(a => a.UserId == userId && a.Action == ChannelChanges.CopySetAction && a.EntityId == video));
        var item = await db.ContentItems.SingleAsync(i => i.Id == video);
        Assert.Equal(("every golden strawberry in one sitting (chat was not calm)", "speedrun"), (item.Title, item.Tags[^1]));

        // The synced item's search column follows the new title.
        var found = await Changes.CopyTargetsAsync(userId, "calm");
        Assert.Equal([video], found.Videos.Select(v => v.ContentItemId));
    }

    [Fact]
    public async Task Undo_puts_every_field_of_the_change_back_through_youtube_once()
    {
        var (userId, video) = await CreatorWithCelesteAsync();
        var done = await Changes.ApplyCopyAsync(userId, video, "goldens, all of them", null, ["celeste"]);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var tagsRevision = await db.ContentRevisions.SingleAsync(r => r.ContentItemId == video && r.Field == "tags");

        // Undo from either field's revision puts the whole change back.
        var undone = await Changes.UndoAsync(userId, tagsRevision.Id);

        Assert.Equal("The previous title and tags are back on “Celeste Chapter 9 — Every Golden Strawberry”.", undone.Message);
        var onYoutube = Sandbox.YoutubeSnippet(Celeste);
        Assert.Equal(CelesteTitle, onYoutube["title"]!.GetValue<string>());
        Assert.Equal(["celeste", "golden strawberry"], onYoutube["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
        Assert.Equal(CelesteTitle, (await db.ContentItems.AsNoTracking().SingleAsync(i => i.Id == video)).Title);
        Assert.Equal(2, await db.ContentRevisions.CountAsync(r => r.ContentItemId == video && r.Source == "undo"));

        var again = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.UndoAsync(userId, done.ChangeId));
        Assert.Equal("That change was undone already.", again.Message);
    }

    [Fact]
    public async Task Undo_is_refused_when_the_title_was_changed_on_youtube_since()
    {
        var (userId, video) = await CreatorWithCelesteAsync();
        var done = await Changes.ApplyCopyAsync(userId, video, "goldens, all of them", null, null);
        var other = await CreatorWithoutResetAsync();
        // The same sandbox channel edited from another connection stands for an edit in YouTube Studio.
        await Changes.ApplyCopyAsync(other.UserId, other.Video, "renamed in the studio", null, null);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.UndoAsync(userId, done.ChangeId));

        Assert.StartsWith("The title was changed on YouTube since", refused.Message);
        Assert.Equal("renamed in the studio", Sandbox.YoutubeSnippet(Celeste)["title"]!.GetValue<string>());
    }

    public static TheoryData<string?, string?, string[]?, string> PastTheLimits => new()
    {
        { new string('a', 101), null, null, "YouTube titles are at most 100 characters; this one has 101." },
        { "   ", null, null, "A YouTube title cannot be empty." },
        { "a <script> title", null, null, "YouTube does not allow < or > in a video's title; take them out and try again." },
        { null, new string('é', 2_501), null, "YouTube descriptions are at most 5,000 bytes (emoji and accented letters count more than one); this one has 5,002." },
        { null, null, [.. Enumerable.Range(0, 60).Select(i => $"tag number {i:00}")], "YouTube allows 500 characters of tags in all (a tag with spaces counts its quotes); these come to 959. Remove a few." },
        { null, null, ["one, two"], "A YouTube tag cannot contain a comma: “one, two”." },
        { null, null, null, "Choose a title, description or tags to put on the video." },
    };

    [Theory]
    [MemberData(nameof(PastTheLimits))]
    public async Task Words_past_youtubes_limits_are_refused_before_anything_is_sent(string? title, string? description, string[]? tags, string message)
    {
        var (userId, video) = await CreatorWithCelesteAsync();
        var before = Sandbox.YoutubeSnippet(Celeste);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.ApplyCopyAsync(userId, video, title, description, tags));

        Assert.Equal(message, refused.Message);
        await AssertUnchangedAsync(video, before);
    }

    [Fact]
    public async Task Another_creators_video_is_not_found_and_nothing_changes()
    {
        var (owner, ownersVideo) = await CreatorWithCelesteAsync();
        var stranger = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var done = await Changes.ApplyCopyAsync(owner, ownersVideo, "the owner's title", null, null);

        var apply = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.ApplyCopyAsync(stranger, ownersVideo, "stolen", null, null));
        var undo = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.UndoAsync(stranger, done.ChangeId));
        var list = await Changes.CopyTargetsAsync(stranger, null);

        Assert.Equal(ChannelChanges.VideoNotFound, apply.Message);
        Assert.Equal(ChannelChanges.ChangeNotFound, undo.Message);
        Assert.Equal((false, 0), (list.HasYoutube, list.Videos.Count));
        Assert.Equal("the owner's title", Sandbox.YoutubeSnippet(Celeste)["title"]!.GetValue<string>());
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.ContentRevisions.AnyAsync(r => r.UserId == stranger));
    }

    [Fact]
    public async Task A_spent_youtube_quota_is_said_plainly_and_nothing_is_recorded()
    {
        var (userId, video) = await CreatorWithCelesteAsync();
        var before = Sandbox.YoutubeSnippet(Celeste);
        Sandbox.YoutubeQuotaExceeded = true;
        try
        {
            var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.ApplyCopyAsync(userId, video, "a new title", null, null));

            Assert.Equal("YouTube's daily allowance for Streamer Studio is used up. Try again after midnight Pacific time; nothing was changed.", refused.Message);
        }
        finally
        {
            Sandbox.YoutubeQuotaExceeded = false;
        }

        await AssertUnchangedAsync(video, before);
    }

    [Fact]
    public async Task Without_the_scope_to_edit_videos_it_is_refused_before_anything_is_sent()
    {
        var (userId, video) = await CreatorWithCelesteAsync(untick: ["https://www.googleapis.com/auth/youtube.force-ssl"]);
        var before = Sandbox.YoutubeSnippet(Celeste);

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => Changes.ApplyCopyAsync(userId, video, "a new title", null, null));

        Assert.Contains("allow editing your videos' titles and descriptions when you reconnect", refused.Message);
        await AssertUnchangedAsync(video, before);
    }

    private async Task<(Guid UserId, Guid Video)> CreatorWithoutResetAsync()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var videos = await ChannelChangesTests.ConnectYoutubeWithVideosAsync(app, Sandbox, userId);
        return (userId, videos[Celeste]);
    }

    private async Task AssertUnchangedAsync(Guid video, JsonObject before)
    {
        Assert.True(JsonNode.DeepEquals(before, Sandbox.YoutubeSnippet(Celeste)));
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.False(await db.ContentRevisions.AnyAsync(r => r.ContentItemId == video));
        Assert.Equal(CelesteTitle, (await db.ContentItems.SingleAsync(i => i.Id == video)).Title);
    }
}
