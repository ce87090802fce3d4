using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Tests.Copy;

/// <summary>History, favourites, templates and applied suggestions on a real database: round trips, and another user's ids are "not found" with nothing changed.</summary>
public sealed class CopyLibraryTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private const string Brief = "a rainy evening in stardew valley, planting pumpkins and drinking tea with chat";

    private CopyWriter Writer => app.Services.CreateScope().ServiceProvider.GetRequiredService<CopyWriter>();

    private CopyLibrary Library(TimeProvider? clock = null) =>
        new(app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), clock ?? TimeProvider.System);

    private async Task<(Guid User, Guid Kit)> NewKitAsync()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        using var scope = app.Services.CreateScope();
        var kitId = await scope.ServiceProvider.GetRequiredService<BrandKitService>().CreateAsync(userId, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual });
        return (userId, kitId);
    }

    [Fact]
    public async Task Every_finished_generation_is_in_the_history_newest_first_a_page_at_a_time_and_reopens()
    {
        var (user, kit) = await NewKitAsync();
        var made = new List<CopyResult>();
        for (var i = 0; i < 12; i++)
        {
            made.Add(await Writer.SuggestAsync(user, kit, $"{Brief}, day {i}"));
        }

        var first = await Library().HistoryAsync(user);
        var second = await Library().HistoryAsync(user, 2);

        Assert.Equal((12, 2), (first.Total, first.Pages));
        Assert.Equal(made.AsEnumerable().Reverse().Take(10).Select(m => m.GenerationId), first.Entries.Select(e => e.Id));
        Assert.Equal(made.Take(2).Reverse().Select(m => m.GenerationId), second.Entries.Select(e => e.Id));
        Assert.Equal("Moss", first.Entries[0].KitName);
        Assert.Equal(made[^1].Suggestions.Titles[0].Text, first.Entries[0].FirstTitle);
        Assert.Equal(BuiltInCopyEngine.EngineName, first.Entries[0].Engine);

        var reopened = await Library().OpenAsync(user, made[3].GenerationId);
        Assert.Equal($"{Brief}, day 3", reopened.Brief);
        Assert.Equal(made[3].Suggestions.Titles.Select(t => (t.Text, t.Score.Overall)), reopened.Suggestions.Titles.Select(t => (t.Text, t.Score.Overall)));
        Assert.Equal(made[3].Suggestions.Description.Text, reopened.Suggestions.Description.Text);
        Assert.Equal(made[3].Suggestions.Tags, reopened.Suggestions.Tags);
    }

    [Fact]
    public async Task A_suggestion_is_starred_listed_and_unstarred_and_only_its_own_lines_can_be()
    {
        var (user, kit) = await NewKitAsync();
        var made = await Writer.SuggestAsync(user, kit, Brief);
        var title = made.Suggestions.Titles[1].Text;

        var id = await Library().StarAsync(user, made.GenerationId, SuggestionKind.Title, title);
        Assert.Equal(id, await Library().StarAsync(user, made.GenerationId, SuggestionKind.Title, title));
        await Library().StarAsync(user, made.GenerationId, SuggestionKind.Tags, CopyLibrary.TagsText(made.Suggestions));
        await Library().StarAsync(user, made.GenerationId, SuggestionKind.GoLive, made.Suggestions.GoLiveNotification.Text);

        var listed = await Library().FavouritesAsync(user);
        Assert.Equal(3, listed.Count);
        Assert.Contains(listed, f => f.Id == id && f.Kind == SuggestionKind.Title && f.Text == title && f.KitName == "Moss");

        var made_up = await Assert.ThrowsAsync<RequestRefusedException>(() => Library().StarAsync(user, made.GenerationId, SuggestionKind.Title, "a title it never wrote"));
        Assert.Equal("That suggestion is not part of this generation.", made_up.Message);

        await Library().UnstarAsync(user, id);
        Assert.Equal(2, (await Library().FavouritesAsync(user)).Count);
        Assert.DoesNotContain(await Library().FavouritesAsync(user), f => f.Id == id);
    }

    [Fact]
    public async Task Templates_start_with_the_system_ones_and_the_creators_own_are_saved_renamed_used_and_deleted()
    {
        var (user, _) = await NewKitAsync();
        var system = await Library().TemplatesAsync(user);
        Assert.Equal(6, system.Count);
        Assert.All(system, t => Assert.True(t.IsSystem));
        Assert.Contains(system, t => t.Name == "Tier list");
        Assert.Contains("[game]", await Library().UseTemplateAsync(user, system.Single(t => t.Name == "Tier list").Id));

        var mine = await Library().SaveTemplateAsync(user, "  Cozy farm night ", Brief);
        Assert.Equal("Cozy farm night", mine.Name);
        await Library().RenameTemplateAsync(user, mine.Id, "Farm night");
        var listed = await Library().TemplatesAsync(user);
        Assert.Equal(7, listed.Count);
        Assert.Equal("Farm night", listed[^1].Name);
        Assert.Equal(Brief, await Library().UseTemplateAsync(user, mine.Id));

        var blank = await Assert.ThrowsAsync<RequestRefusedException>(() => Library().SaveTemplateAsync(user, " ", Brief));
        Assert.Equal("Give the template a name.", blank.Message);
        var noBrief = await Assert.ThrowsAsync<RequestRefusedException>(() => Library().SaveTemplateAsync(user, "Empty", ""));
        Assert.StartsWith("Describe the video or stream first", noBrief.Message);
        await Assert.ThrowsAsync<RequestRefusedException>(() => Library().RenameTemplateAsync(user, mine.Id, new string('x', CopyLibrary.MaxTemplateName + 1)));
        Assert.Equal(7, (await Library().TemplatesAsync(user)).Count);

        await Library().DeleteTemplateAsync(user, mine.Id);
        Assert.Equal(6, (await Library().TemplatesAsync(user)).Count);
    }

    [Fact]
    public async Task A_copied_suggestion_and_one_applied_to_a_video_are_recorded()
    {
        var (user, kit) = await NewKitAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var made = await Writer.SuggestAsync(user, kit, Brief);
        var video = await NewVideoAsync(user);

        await Library(clock).RecordCopiedAsync(user, made.GenerationId, SuggestionKind.Title, made.Suggestions.Titles[0].Text);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Library(clock).RecordAppliedToVideoAsync(user, made.GenerationId, SuggestionKind.Description, made.Suggestions.Description.Text, video);

        var applied = await Library().ApplicationsAsync(user, made.GenerationId);
        Assert.Equal(
            [(SuggestionKind.Title, ApplicationTarget.Copied, (Guid?)null), (SuggestionKind.Description, ApplicationTarget.YoutubeVideo, (Guid?)video)],
            applied.Select(a => (a.Kind, a.Target, a.ContentItemId)));
        Assert.Equal(made.Suggestions.Titles[0].Text, applied[0].Text);
    }

    [Fact]
    public async Task Another_users_generation_favourite_template_and_video_are_not_found_and_nothing_changes()
    {
        var (owner, kit) = await NewKitAsync();
        var (stranger, _) = await NewKitAsync();
        var made = await Writer.SuggestAsync(owner, kit, Brief);
        var title = made.Suggestions.Titles[0].Text;
        var favourite = await Library().StarAsync(owner, made.GenerationId, SuggestionKind.Title, title);
        var template = await Library().SaveTemplateAsync(owner, "Mine", Brief);
        var video = await NewVideoAsync(owner);
        var strangersMade = await Writer.SuggestAsync(stranger, (await NewStrangerKitAsync(stranger)), Brief);

        async Task NotFound(string message, Func<Task> call) => Assert.Equal(message, (await Assert.ThrowsAsync<RequestRefusedException>(call)).Message);
        await NotFound(CopyLibrary.GenerationNotFound, () => Library().OpenAsync(stranger, made.GenerationId));
        await NotFound(CopyLibrary.GenerationNotFound, () => Library().StarAsync(stranger, made.GenerationId, SuggestionKind.Title, title));
        await NotFound(CopyLibrary.GenerationNotFound, () => Library().RecordCopiedAsync(stranger, made.GenerationId, SuggestionKind.Title, title));
        await NotFound(CopyLibrary.GenerationNotFound, () => Library().ApplicationsAsync(stranger, made.GenerationId));
        await NotFound(CopyLibrary.FavouriteNotFound, () => Library().UnstarAsync(stranger, favourite));
        await NotFound(CopyLibrary.TemplateNotFound, () => Library().RenameTemplateAsync(stranger, template.Id, "Stolen"));
        await NotFound(CopyLibrary.TemplateNotFound, () => Library().DeleteTemplateAsync(stranger, template.Id));
        await NotFound(CopyLibrary.TemplateNotFound, () => Library().UseTemplateAsync(stranger, template.Id));
        // A system template is everyone's to use and no one's to change.
        var systemTemplate = (await Library().TemplatesAsync(owner)).First(t => t.IsSystem);
        await NotFound(CopyLibrary.TemplateNotFound, () => Library().RenameTemplateAsync(owner, systemTemplate.Id, "Mine now"));
        await NotFound(CopyLibrary.TemplateNotFound, () => Library().DeleteTemplateAsync(owner, systemTemplate.Id));
        // The owner's video is not the stranger's to record against, even from the stranger's own generation.
        await NotFound("Video not found.", () => Library().RecordAppliedToVideoAsync(stranger, strangersMade.GenerationId, SuggestionKind.Title,
            strangersMade.Suggestions.Titles[0].Text, video));

        Assert.DoesNotContain((await Library().HistoryAsync(stranger)).Entries, e => e.Id == made.GenerationId);
        Assert.Single(await Library().FavouritesAsync(owner));
        Assert.Empty(await Library().FavouritesAsync(stranger));
        Assert.Contains(await Library().TemplatesAsync(owner), t => t.Id == template.Id && t.Name == "Mine" && t.UseCount == 0);
        Assert.DoesNotContain(await Library().TemplatesAsync(stranger), t => t.Id == template.Id);
        Assert.Equal(systemTemplate.Name, (await Library().TemplatesAsync(owner)).Single(t => t.Id == systemTemplate.Id).Name);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.Equal(0, await db.SuggestionApplications.CountAsync(a => a.UserId == stranger || a.GenerationId == made.GenerationId));
    }

    private async Task<Guid> NewStrangerKitAsync(Guid userId)
    {
        using var scope = app.Services.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<BrandKitService>().ListAsync(userId))[0].Id;
    }

    /// <summary>A synced YouTube video of the creator's, as the channel sync would store it.</summary>
    private async Task<Guid> NewVideoAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var connection = new PlatformConnection { UserId = userId, Platform = Platform.Youtube, PlatformUserId = $"UC{Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
        db.PlatformConnections.Add(connection);
        await db.SaveChangesAsync();
        var channel = new Channel { UserId = userId, Platform = Platform.Youtube, ConnectionId = connection.Id, PlatformChannelId = connection.PlatformUserId, Name = "Moss plays" };
        db.Channels.Add(channel);
        await db.SaveChangesAsync();
        var item = new ContentItem { UserId = userId, ChannelId = channel.Id, Platform = Platform.Youtube, Kind = ContentKind.Video, PlatformContentId = "vid1", Title = "Old title", SyncedAt = DateTimeOffset.UtcNow };
        db.ContentItems.Add(item);
        await db.SaveChangesAsync();
        return item.Id;
    }
}
