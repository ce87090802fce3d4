using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Billing;

/// <summary>
/// Time as the app's clock says, not the database's: the month boundary at midnight UTC, and the times written
/// into rows, decided by a fake clock.
/// </summary>
public sealed class PlanClockTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private static readonly DateTimeOffset LastSecondOfJanuary = new(2027, 1, 31, 23, 59, 59, TimeSpan.Zero);
    private static readonly DateTimeOffset February = new(2027, 2, 1, 0, 0, 0, TimeSpan.Zero);

    private Plans PlansOn(TimeProvider clock) => new(app.Services.CreateScope().ServiceProvider.GetRequiredService<AuditTrail>(),
        new StreamerStudio.Domain.Notifications.NotificationService(app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), clock), clock);

    private MonthlyUsageReset ResetOn(TimeProvider clock) =>
        new(app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), PlansOn(clock), clock);

    [Fact]
    public async Task The_allowance_used_up_in_the_last_second_of_a_month_starts_again_at_midnight_utc_and_not_before()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == user.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsagePeriodStart, new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        var clock = new FakeTimeProvider(LastSecondOfJanuary);
        var plans = PlansOn(clock);

        Assert.True(await plans.TryReserveAsync(db, user.Id, 5, Guid.NewGuid()));
        Assert.False(await plans.TryReserveAsync(db, user.Id, 1, Guid.NewGuid()));
        Assert.Contains("resets on 1 February 2027", await plans.DescribeRefusalAsync(db, user.Id, 1));
        await ResetOn(clock).RunAsync();
        Assert.Equal(5, await UsedAsync(db, user.Id));

        clock.Advance(TimeSpan.FromSeconds(2));
        await ResetOn(clock).RunAsync();

        Assert.Equal(0, await UsedAsync(db, user.Id));
        Assert.Equal(February, await db.Subscriptions.Where(s => s.UserId == user.Id).Select(s => s.UsagePeriodStart).SingleAsync());
        Assert.True(await plans.TryReserveAsync(db, user.Id, 1, Guid.NewGuid()));
        // Each ledger row carries the app's time, not the database's.
        var ledger = await db.QuotaUsage.Where(q => q.UserId == user.Id).OrderBy(q => q.CreatedAt).ToListAsync();
        Assert.Equal(
            [(QuotaOperation.Reserve, LastSecondOfJanuary), (QuotaOperation.Reset, February.AddSeconds(1)), (QuotaOperation.Reserve, February.AddSeconds(1))],
            ledger.Select(q => (q.Operation, q.CreatedAt)));
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), ledger[0].BillingCycleStart);
    }

    [Fact]
    public void The_month_starts_at_midnight_utc_whatever_the_offset_of_the_time_given()
    {
        // 00:30 on 1 February in Berlin is still January in UTC.
        Assert.Equal(new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero), Plans.MonthStart(new DateTimeOffset(2027, 2, 1, 0, 30, 0, TimeSpan.FromHours(1))));
        Assert.Equal(February, Plans.MonthStart(February));
    }

    [Fact]
    public async Task Rows_written_by_the_app_carry_its_clock_for_created_and_updated()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        var clock = new FakeTimeProvider(LastSecondOfJanuary);
        await using var db = new StudioDbContext(new DbContextOptionsBuilder<StudioDbContext>()
            .UseNpgsql(app.ConnectionString).UseSnakeCaseNamingConvention().AddInterceptors(new ClockStamps(clock)).Options);
        var kit = new BrandKit { UserId = user.Id, Name = "Clockwork" };
        db.BrandKits.Add(kit);
        await db.SaveChangesAsync();

        clock.Advance(TimeSpan.FromDays(3));
        kit.Name = "Clockwork 2";
        await db.SaveChangesAsync();

        await using var fresh = TestPostgres.CreateContext(app.ConnectionString);
        var stored = await fresh.BrandKits.AsNoTracking().SingleAsync(k => k.Id == kit.Id);
        Assert.Equal((LastSecondOfJanuary, LastSecondOfJanuary.AddDays(3)), (stored.CreatedAt, stored.UpdatedAt));
    }

    private static Task<int> UsedAsync(StudioDbContext db, Guid userId) =>
        db.Subscriptions.Where(s => s.UserId == userId).Select(s => s.AssetsUsed).SingleAsync();
}
