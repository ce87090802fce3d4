using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Notifications;

/// <summary>
/// Notifications are written in the transaction of the event that causes them (gone with it when it rolls back),
/// pushed only once committed, once-only where the kind says so, and every id is checked against its owner.
/// </summary>
public sealed class NotificationServiceTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private NotificationService Notifications => app.Services.GetRequiredService<NotificationService>();

    private StudioDbContext NewContext() => TestPostgres.CreateContext(app.ConnectionString);

    private async Task<Guid> NewUserAsync() => (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password)).Id;

    private async Task<List<Notification>> RowsAsync(Guid userId)
    {
        await using var db = NewContext();
        return await db.Notifications.AsNoTracking().Where(n => n.UserId == userId).OrderBy(n => n.CreatedAt).ToListAsync();
    }

    private static NewNotification Hello(string title = "Hello") => new(NotificationKind.AdminMessage, title, "A message.");

    [Fact]
    public async Task A_notification_rolled_back_with_its_event_is_neither_stored_nor_pushed_and_a_committed_one_is_both()
    {
        var events = app.Services.GetRequiredService<JobEvents>();
        await events.WhenListeningAsync().WaitAsync(Patience);
        var user = await NewUserAsync();
        var heard = new List<NotificationChanged>();
        var arrived = new TaskCompletionSource<NotificationChanged>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var subscription = events.SubscribeNotifications(user, change =>
        {
            lock (heard)
            {
                heard.Add(change);
            }

            arrived.TrySetResult(change);
            return Task.CompletedTask;
        });

        await using (var db = NewContext())
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            await Notifications.AddAsync(db, user, Hello("Rolled back"));
            await rolledBack.RollbackAsync();
        }

        Guid? committedId;
        await using (var db = NewContext())
        {
            await using var committed = await db.Database.BeginTransactionAsync();
            committedId = await Notifications.AddAsync(db, user, Hello("Committed"));
            await committed.CommitAsync();
        }

        var change = await arrived.Task.WaitAsync(Patience);
        Assert.Equal(new NotificationChanged(user, committedId!.Value, IsNew: true), change);
        Assert.Equal("Committed", Assert.Single(await RowsAsync(user)).Title);
        lock (heard)
        {
            // NOTIFYs are delivered in commit order, so the rolled-back one would have arrived first.
            Assert.Single(heard);
        }
    }

    [Fact]
    public async Task A_plan_change_writes_its_notification_in_the_changes_transaction()
    {
        var user = await NewUserAsync();
        var plans = app.Services.CreateScope().ServiceProvider.GetRequiredService<Plans>();

        await using (var db = NewContext())
        {
            await using var rolledBack = await db.Database.BeginTransactionAsync();
            Assert.True(await plans.ChangeAsync(db, user, s => s.GrantComplimentary(SubscriptionTier.Pro), actorId: null));
            Assert.Single(await db.Notifications.Where(n => n.UserId == user).ToListAsync());
            await rolledBack.RollbackAsync();
        }

        Assert.Empty(await RowsAsync(user));

        await using (var db = NewContext())
        {
            await using var committed = await db.Database.BeginTransactionAsync();
            await plans.ChangeAsync(db, user, s => s.GrantComplimentary(SubscriptionTier.Pro), actorId: null);
            await committed.CommitAsync();
        }

        var row = Assert.Single(await RowsAsync(user));
        Assert.Equal(NotificationKind.PlanChanged, row.Kind);
        Assert.Contains("Pro", row.Title);
    }

    [Fact]
    public async Task The_allowance_thresholds_are_told_once_per_period_each()
    {
        var user = await NewUserAsync();
        var period = new DateTimeOffset(2027, 3, 1, 0, 0, 0, TimeSpan.Zero);
        await using (var db = NewContext())
        {
            await Notifications.AllowanceChargedAsync(db, user, used: 3, limit: 5, period);
            await Notifications.AllowanceChargedAsync(db, user, used: 4, limit: 5, period);
            await Notifications.AllowanceChargedAsync(db, user, used: 4, limit: 5, period);
            await Notifications.AllowanceChargedAsync(db, user, used: 5, limit: 5, period);
            await Notifications.AllowanceChargedAsync(db, user, used: 5, limit: 5, period);
            // A new period may tell again; unlimited plans never.
            await Notifications.AllowanceChargedAsync(db, user, used: 5, limit: 5, period.AddMonths(1));
            await Notifications.AllowanceChargedAsync(db, user, used: 500, limit: TierLimits.Unlimited, period);
        }

        var kinds = (await RowsAsync(user)).Select(n => n.Kind).ToList();
        Assert.Equal([NotificationKind.AllowanceNearlyUsed, NotificationKind.AllowanceUsedUp, NotificationKind.AllowanceUsedUp], kinds);
    }

    [Fact]
    public async Task Credits_low_is_told_when_the_balance_drops_to_the_threshold_not_on_every_spend_below_it()
    {
        var user = await NewUserAsync();
        await using (var db = NewContext())
        {
            await Notifications.CreditsSpentAsync(db, user, spent: 1, balance: 6);
            await Notifications.CreditsSpentAsync(db, user, spent: 1, balance: 5);
            await Notifications.CreditsSpentAsync(db, user, spent: 1, balance: 4);
        }

        Assert.Equal(NotificationKind.CreditsLow, Assert.Single(await RowsAsync(user)).Kind);
    }

    [Fact]
    public async Task Another_users_notification_is_not_found_and_stays_as_it_was()
    {
        var (alice, bob) = (await NewUserAsync(), await NewUserAsync());
        Guid id;
        await using (var db = NewContext())
        {
            id = (await Notifications.AddAsync(db, alice, Hello()))!.Value;
        }

        var read = await Assert.ThrowsAsync<RequestRefusedException>(() => Notifications.MarkReadAsync(bob, id));
        Assert.Contains("not found", read.Message);
        await Assert.ThrowsAsync<RequestRefusedException>(() => Notifications.DeleteAsync(bob, id));
        Assert.Equal(0, await Notifications.MarkAllReadAsync(bob));
        Assert.Empty((await Notifications.ListAsync(bob, new NotificationFilter())).Items);
        Assert.Equal(0, await Notifications.UnreadCountAsync(bob));

        var row = Assert.Single(await RowsAsync(alice));
        Assert.False(row.IsRead);
        Assert.Equal(1, await Notifications.UnreadCountAsync(alice));

        await Notifications.MarkReadAsync(alice, id);
        Assert.Equal(0, await Notifications.UnreadCountAsync(alice));
        await Notifications.DeleteAsync(alice, id);
        Assert.Empty(await RowsAsync(alice));
    }

    [Fact]
    public async Task The_list_filters_by_kind_and_unread_and_pages_newest_first()
    {
        var user = await NewUserAsync();
        await using (var db = NewContext())
        {
            for (var i = 0; i < 25; i++)
            {
                await Notifications.AddAsync(db, user, Hello($"Message {i}"));
            }

            await Notifications.PaymentFailedAsync(db, user, "The card was declined.");
        }

        var first = await Notifications.ListAsync(user, new NotificationFilter(), pageIndex: 0, pageSize: 10);
        Assert.Equal(26, first.Total);
        Assert.False(first.MoreBeyond);
        Assert.Equal(10, first.Items.Count);
        Assert.Equal(NotificationKind.PaymentFailed, first.Items[0].Kind);

        var payments = await Notifications.ListAsync(user, new NotificationFilter(NotificationKind.PaymentFailed));
        Assert.Equal(1, payments.Total);

        await Notifications.MarkReadAsync(user, payments.Items[0].Id);
        var unread = await Notifications.ListAsync(user, new NotificationFilter(UnreadOnly: true), pageIndex: 2, pageSize: 10);
        Assert.Equal(25, unread.Total);
        Assert.Equal(5, unread.Items.Count);
        Assert.DoesNotContain(unread.Items, n => n.Kind == NotificationKind.PaymentFailed);

        // The total is counted only so far ahead of the page shown; further on, the rest comes into the count.
        var near = await Notifications.ListAsync(user, new NotificationFilter(), pageIndex: 0, pageSize: 1);
        Assert.Equal((NotificationService.PagesAhead, true), (near.Total, near.MoreBeyond));
        var far = await Notifications.ListAsync(user, new NotificationFilter(), pageIndex: 20, pageSize: 1);
        Assert.Equal((26, false), (far.Total, far.MoreBeyond));
    }

    [Fact]
    public async Task A_link_outside_the_app_is_refused_and_nothing_is_written()
    {
        var user = await NewUserAsync();
        await using var db = NewContext();
        await Assert.ThrowsAsync<ArgumentException>(() => Notifications.AddAsync(db, user, Hello() with { Link = "https://evil.example" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Notifications.AddAsync(db, user, Hello() with { Link = "//evil.example" }));
        Assert.Empty(await RowsAsync(user));
    }

    [Fact]
    public async Task Notifications_older_than_90_days_are_deleted_and_younger_ones_kept()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 1, 1, 12, 0, 0, TimeSpan.Zero));
        var notifications = new NotificationService(app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), clock);
        var user = await NewUserAsync();
        await using (var db = NewContext())
        {
            await notifications.AddAsync(db, user, Hello("Old"));
            clock.Advance(TimeSpan.FromDays(2));
            await notifications.AddAsync(db, user, Hello("Younger"));
        }

        clock.Advance(TimeSpan.FromDays(89));
        await notifications.DeleteExpiredAsync();
        Assert.Equal(["Younger"], (await RowsAsync(user)).Select(n => n.Title));

        clock.Advance(TimeSpan.FromDays(2));
        await notifications.DeleteExpiredAsync();
        Assert.Empty(await RowsAsync(user));
    }

    [Fact]
    public async Task An_asset_about_to_expire_is_told_once_however_often_the_daily_job_runs()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2027, 5, 1, 9, 0, 0, TimeSpan.Zero));
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        var reminders = new NotificationReminders(factory, new NotificationService(factory, clock), clock);
        var user = await NewUserAsync();
        Guid soon, later;
        await using (var db = NewContext())
        {
            soon = await AddAssetAsync(db, user, clock.GetUtcNow().AddDays(2));
            later = await AddAssetAsync(db, user, clock.GetUtcNow().AddDays(10));
        }

        await reminders.RemindExpiringAssetsAsync();
        await reminders.RemindExpiringAssetsAsync();
        var row = Assert.Single(await RowsAsync(user));
        Assert.Equal(NotificationKind.AssetExpiring, row.Kind);
        Assert.Equal(soon, row.RelatedEntityId);

        clock.Advance(TimeSpan.FromDays(8));
        await reminders.RemindExpiringAssetsAsync();
        Assert.Equal([soon, later], (await RowsAsync(user)).Select(n => n.RelatedEntityId!.Value));
    }

    [Fact]
    public async Task An_admin_message_with_no_title_is_refused_and_nothing_is_written()
    {
        var admin = (await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password, Roles.Admin)).Id;
        var creator = await NewUserAsync();
        using var scope = app.Services.CreateScope();
        var messages = scope.ServiceProvider.GetRequiredService<AdminMessages>();

        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() => messages.SendAsync(admin, creator, "  ", "Hello"));
        Assert.Contains("title", refused.Message);
        await Assert.ThrowsAnyAsync<Exception>(() => messages.SendAsync(creator, creator, "Hi", "From a non-admin"));
        Assert.Empty(await RowsAsync(creator));

        await messages.SendAsync(admin, creator, "Scheduled maintenance", "We restart at 02:00 UTC.");
        Assert.Equal(NotificationKind.AdminMessage, Assert.Single(await RowsAsync(creator)).Kind);
    }

    private static async Task<Guid> AddAssetAsync(StudioDbContext db, Guid userId, DateTimeOffset expiresAt)
    {
        var key = $"test/{Guid.NewGuid():N}.png";
        var asset = new Asset
        {
            UserId = userId,
            AssetType = AssetType.Thumbnail,
            Width = 1280,
            Height = 720,
            Format = AssetFormat.Png,
            FileSizeBytes = 1,
            StorageKey = key,
            PreviewKey = key,
            ExpiresAt = expiresAt,
        };
        db.Assets.Add(asset);
        await db.SaveChangesAsync();
        return asset.Id;
    }
}
