using StreamerStudio.Domain;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;

namespace StreamerStudio.Tests.Copy;

/// <summary>Voice samples and the fingerprint on a real database: pastes, refusals with nothing stored, the summary, ownership.</summary>
public sealed class VoiceStudioTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private VoiceStudio Voice => app.Services.CreateScope().ServiceProvider.GetRequiredService<VoiceStudio>();

    private async Task<(Guid User, Guid Kit)> NewKitAsync()
    {
        var userId = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;
        var kits = app.Services.CreateScope().ServiceProvider.GetRequiredService<BrandKitService>();
        var kitId = await kits.CreateAsync(userId, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual, AvoidWords = ["cringe"] });
        return (userId, kitId);
    }

    private async Task<int> RowsAsync(Guid kitId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.VoiceSamples.CountAsync(s => s.BrandKitId == kitId);
    }

    [Fact]
    public async Task Pasted_lines_become_samples_and_the_fingerprint_learns_from_them()
    {
        var (user, kit) = await NewKitAsync();

        var added = await Voice.AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy.Take(12)) + "\n\n   \n" + VoiceCorpora.Cozy[0]);

        Assert.Equal(12, added.Added);
        Assert.Equal(1, added.AlreadyThere);
        Assert.Equal(12, added.Voice.Metrics.SampleCount);
        Assert.Equal(TrainingStatus.Basic, added.Voice.Status);
        Assert.Contains("lower case", added.Voice.Summary);
        Assert.Equal(12, await RowsAsync(kit));
        var listed = await Voice.ListSamplesAsync(user, kit);
        Assert.Equal(VoiceCorpora.Cozy[0], listed[0].Content);

        var reread = await Voice.GetVoiceAsync(user, kit);
        Assert.Equal(added.Voice.Metrics.TopWords, reread.Metrics.TopWords);
        Assert.Equal(["cringe"], reread.AvoidWords);
    }

    [Fact]
    public async Task Bad_pastes_are_refused_with_a_clear_message_and_nothing_is_stored()
    {
        var (user, kit) = await NewKitAsync();

        var blank = await Assert.ThrowsAsync<RequestRefusedException>(() => Voice.AddSamplesAsync(user, kit, "  \n \n"));
        Assert.Equal("Paste at least one past title or description, one per line.", blank.Message);

        var tooLong = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Voice.AddSamplesAsync(user, kit, "a good line\n" + new string('x', VoiceStudio.MaxSampleLength + 1)));
        Assert.Equal("Line 2 has 5,001 characters; keep each sample to 5,000 or fewer. Nothing was added.", tooLong.Message);
        Assert.Equal(0, await RowsAsync(kit));

        await Voice.AddSamplesAsync(user, kit, string.Join("\n", Enumerable.Range(0, 498).Select(i => $"stream number {i}")));
        var overCap = await Assert.ThrowsAsync<RequestRefusedException>(() => Voice.AddSamplesAsync(user, kit, "one\ntwo\nthree"));
        Assert.Equal("A brand kit keeps at most 500 samples; this one has 498 and you pasted 3 new. Remove some first. Nothing was added.", overCap.Message);
        Assert.Equal(498, await RowsAsync(kit));

        var filled = await Voice.AddSamplesAsync(user, kit, "one\ntwo");
        Assert.Equal(500, filled.Voice.Metrics.SampleCount);
        Assert.Equal(TrainingStatus.Strong, filled.Voice.Status);
    }

    [Fact]
    public async Task An_edited_summary_is_kept_when_samples_change_until_it_is_regenerated()
    {
        var (user, kit) = await NewKitAsync();
        await Voice.AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy.Take(5)));

        await Voice.EditSummaryAsync(user, kit, "  Soft, slow and lower case. Tea is always involved.  ");
        var afterPaste = await Voice.AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy.Skip(5)));

        Assert.Equal("Soft, slow and lower case. Tea is always involved.", afterPaste.Voice.Summary);
        Assert.True(afterPaste.Voice.SummaryEdited);
        Assert.Equal(25, afterPaste.Voice.Metrics.SampleCount);

        var regenerated = await Voice.RegenerateAsync(user, kit);
        Assert.False(regenerated.SummaryEdited);
        Assert.StartsWith("Moss writes titles of about", regenerated.Summary);

        var empty = await Assert.ThrowsAsync<RequestRefusedException>(() => Voice.EditSummaryAsync(user, kit, " "));
        Assert.Equal("Write a summary, or regenerate it from your samples.", empty.Message);
    }

    [Fact]
    public async Task Deleting_and_clearing_samples_retrains_the_fingerprint()
    {
        var (user, kit) = await NewKitAsync();
        await Voice.AddSamplesAsync(user, kit, string.Join("\n", VoiceCorpora.Cozy.Take(5)));
        var one = (await Voice.ListSamplesAsync(user, kit))[0];

        var afterDelete = await Voice.DeleteSampleAsync(user, one.Id);
        Assert.Equal(4, afterDelete.Metrics.SampleCount);
        Assert.Equal(TrainingStatus.None, afterDelete.Status);

        var cleared = await Voice.ClearSamplesAsync(user, kit);
        Assert.Equal(0, cleared.Metrics.SampleCount);
        Assert.Equal(0, await RowsAsync(kit));
    }

    [Fact]
    public async Task Another_users_kit_or_sample_is_not_found_and_nothing_changes()
    {
        var (owner, kit) = await NewKitAsync();
        await Voice.AddSamplesAsync(owner, kit, string.Join("\n", VoiceCorpora.Cozy.Take(5)));
        var sample = (await Voice.ListSamplesAsync(owner, kit))[0];
        var (stranger, _) = await NewKitAsync();

        Func<Task>[] attempts =
        [
            () => Voice.GetVoiceAsync(stranger, kit),
            () => Voice.ListSamplesAsync(stranger, kit),
            () => Voice.AddSamplesAsync(stranger, kit, "mine now"),
            () => Voice.ClearSamplesAsync(stranger, kit),
            () => Voice.EditSummaryAsync(stranger, kit, "hijacked"),
            () => Voice.RegenerateAsync(stranger, kit),
        ];
        foreach (var attempt in attempts)
        {
            Assert.Equal(BrandKitService.NotFound, (await Assert.ThrowsAsync<RequestRefusedException>(attempt)).Message);
        }

        Assert.Equal(VoiceStudio.SampleNotFound, (await Assert.ThrowsAsync<RequestRefusedException>(() => Voice.DeleteSampleAsync(stranger, sample.Id))).Message);
        Assert.Equal(5, await RowsAsync(kit));
        Assert.False((await Voice.GetVoiceAsync(owner, kit)).SummaryEdited);
    }
}
