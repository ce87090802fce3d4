using SkiaSharp;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Media;
using StreamerStudio.Tests.BrandKits;

namespace StreamerStudio.Tests.Media;

/// <summary>The media library's cap per plan (pictures and stored bytes), on a real database and the app's own storage.</summary>
public sealed class MediaLimitTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly TierLimits Free = TierLimits.For(SubscriptionTier.Free);
    private static readonly TierLimits Pro = TierLimits.For(SubscriptionTier.Pro);

    private MediaLibrary Library => app.Services.CreateScope().ServiceProvider.GetRequiredService<MediaLibrary>();

    private async Task<Guid> NewCreatorAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret")).Id;

    private string MediaFolder(Guid userId) => Path.Combine(app.DataFolder, "assets", "u", userId.ToString("N"), "media");

    private int StoredFiles(Guid userId) =>
        Directory.Exists(MediaFolder(userId)) ? Directory.GetFiles(MediaFolder(userId), "*", SearchOption.AllDirectories).Length : 0;

    private async Task<int> RowsAsync(Guid userId)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        return await db.MediaItems.CountAsync(m => m.UserId == userId);
    }

    private static byte[] Picture() => LogoSamples.TwoTone(320, 180, SKEncodedImageFormat.Png);

    private Task<MediaUploaded> UploadAsync(Guid userId) => Library.UploadAsync(userId, new MemoryStream(Picture()), "clip.png", MediaKind.Screenshot);

    /// <summary>
    /// Pictures the library already holds, written as rows: the cap counts rows and their recorded sizes, and reaching
    /// 250 MB by uploading would take minutes. Their files are not on disk, so every file the tests see is an upload's.
    /// </summary>
    private async Task FillAsync(Guid userId, int pictures, long bytesEach)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        for (var i = 0; i < pictures; i++)
        {
            var key = $"u/{userId:N}/media/held-{Guid.NewGuid():N}.jpg";
            db.MediaItems.Add(new MediaItem
            {
                Id = Guid.CreateVersion7(), UserId = userId, Kind = MediaKind.Screenshot, Name = $"held {i}", Description = $"Held picture {i}",
                Width = 64, Height = 64, Format = AssetFormat.Jpeg, FileSizeBytes = bytesEach, StorageKey = key, PreviewKey = key + ".webp",
            });
        }

        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task At_the_picture_limit_an_upload_is_refused_saying_what_to_delete_and_which_plan_keeps_more_and_stores_nothing()
    {
        var userId = await NewCreatorAsync();
        await FillAsync(userId, Free.MediaPictures, 1024);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => UploadAsync(userId));

        Assert.Equal($"Your media library is full: your Free plan keeps up to {Free.MediaPictures} pictures and you have {Free.MediaPictures}. " +
                     $"Delete pictures you no longer use on the Media page, or upgrade to Pro on the Billing page for {Pro.MediaPictures} pictures.", error.Message);
        Assert.Equal(Free.MediaPictures, await RowsAsync(userId));
        Assert.Equal(0, StoredFiles(userId));
    }

    [Fact]
    public async Task An_upload_past_the_byte_limit_is_refused_after_its_files_were_written_and_they_are_deleted_again()
    {
        var userId = await NewCreatorAsync();
        // 100 bytes left: below the limit, so the early check lets it through, and the one under the lock refuses the re-encode.
        await FillAsync(userId, 1, Free.MediaBytes - 100);

        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => UploadAsync(userId));

        Assert.Matches(@"^This picture needs [\d.]+ KB and your media library has 100 B left of the 250 MB your Free plan keeps\. " +
                       @"Delete large pictures you no longer use on the Media page, or upgrade to Pro on the Billing page for 5 GB\.$", error.Message);
        Assert.Equal(1, await RowsAsync(userId));
        Assert.Equal(0, StoredFiles(userId));
    }

    [Fact]
    public async Task Usage_counts_pictures_and_stored_bytes_against_the_plan_and_pro_keeps_more()
    {
        var userId = await NewCreatorAsync();
        var first = await UploadAsync(userId);
        await using (var db = TestPostgres.CreateContext(app.ConnectionString))
        {
            var bytes = await db.MediaItems.Where(m => m.Id == first.Item.Id).Select(m => m.FileSizeBytes).SingleAsync();
            var usage = await Library.UsageAsync(userId);
            Assert.Equal((SubscriptionTier.Free, 1, bytes), (usage.Tier, usage.Pictures, usage.Bytes));
            Assert.Equal($"1 of {Free.MediaPictures} pictures, {MediaUsage.Size(bytes)} of 250 MB", usage.Describe());
        }

        await FillAsync(userId, Free.MediaPictures - 1, 5 * 1024 * 1024);
        Assert.Equal($"{Free.MediaPictures} of {Free.MediaPictures} pictures, 245 MB of 250 MB", (await Library.UsageAsync(userId)).Describe());
        await Assert.ThrowsAsync<RequestRefusedException>(() => UploadAsync(userId));

        using (var scope = app.Services.CreateScope())
        {
            await using var db = TestPostgres.CreateContext(app.ConnectionString);
            Assert.True(await scope.ServiceProvider.GetRequiredService<Plans>().ChangeAsync(db, userId, s => s.GrantComplimentary(SubscriptionTier.Pro), null));
        }

        await UploadAsync(userId);
        Assert.StartsWith($"{Free.MediaPictures + 1} of {Pro.MediaPictures} pictures, 245 MB of 5 GB", (await Library.UsageAsync(userId)).Describe());
    }

    [Fact]
    public async Task Twenty_uploads_at_once_for_the_last_five_places_store_exactly_five()
    {
        var userId = await NewCreatorAsync();
        await FillAsync(userId, Free.MediaPictures - 5, 1024);

        // The test holds the creator's row lock while all twenty uploads reach their check, so they truly meet there:
        // with the library's lock they queue for it and count one after another; without it, each would count 45 and
        // then wait only to insert (the row's foreign key), and all twenty would be stored.
        await using var holder = TestPostgres.CreateContext(app.ConnectionString);
        await using var held = await holder.Database.BeginTransactionAsync();
        await Plans.LockCreatorAsync(holder, userId);
        var uploads = Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await UploadAsync(userId);
                return true;
            }
            catch (RequestRefusedException e)
            {
                Assert.StartsWith("Your media library is full", e.Message);
                return false;
            }
        }).ToArray();
        await WhenWaitingForLocksAsync(uploads.Length, uploads);
        await held.RollbackAsync();

        var accepted = await Task.WhenAll(uploads);

        Assert.Equal(5, accepted.Count(a => a));
        Assert.Equal(Free.MediaPictures, await RowsAsync(userId));
        // Each stored picture has its file and its preview; a refused one left neither.
        Assert.Equal(5 * 2, StoredFiles(userId));
    }

    /// <summary>Returns once <paramref name="count"/> connections to this database wait for a lock; fails when an upload ends first or a minute passes.</summary>
    private async Task WhenWaitingForLocksAsync(int count, Task[] uploads)
    {
        // Its own connection: inside a transaction pg_stat_activity answers from a snapshot taken at its first read.
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (await db.Database.SqlQuery<int>(
                   $"SELECT count(*)::int AS \"Value\" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'").SingleAsync() < count)
        {
            if (uploads.FirstOrDefault(u => u.IsCompleted) is { } ended)
            {
                await ended;
                Assert.Fail("An upload finished while the creator's row was locked: it did not wait for the lock.");
            }

            Assert.True(DateTime.UtcNow < deadline, $"Fewer than {count} uploads were waiting for the creator's lock after a minute.");
            await Task.Delay(20);
        }
    }
}
