using Microsoft.Extensions.Time.Testing;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.Generation;

public sealed class QuotaResetTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task A_new_month_resets_usage_once_and_records_it()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        using (var scope = app.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, new GenerationRequest
            {
                AssetTypes = [AssetType.Thumbnail],
                Headline = "Last month",
                JobType = JobType.Variation,
                Variations = 3,
            });
        }

        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        // One clock for the test and the reset, so a run that straddles midnight at a month's end cannot disagree.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lastMonth = Plans.MonthStart(clock.GetUtcNow()).AddMonths(-1);
        await db.Subscriptions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.UsagePeriodStart, lastMonth));
        var reset = ResetOn(clock);

        Assert.True(await reset.RunAsync() >= 1);
        await reset.RunAsync();

        var subscription = await db.Subscriptions.AsNoTracking().SingleAsync(s => s.UserId == user.Id);
        Assert.Equal(0, subscription.AssetsUsed);
        Assert.Equal(Plans.MonthStart(clock.GetUtcNow()), subscription.UsagePeriodStart);
        Assert.Equal(0, await db.Users.Where(u => u.Id == user.Id).Select(u => u.AssetsGeneratedThisMonth).SingleAsync());
        var resets = await db.QuotaUsage.Where(q => q.UserId == user.Id && q.Operation == QuotaOperation.Reset).ToListAsync();
        Assert.Equal(3, Assert.Single(resets).Amount);
    }

    [Fact]
    public async Task A_creator_who_joined_this_month_is_not_reset()
    {
        var user = await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", "Sup3r!Secret");
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Subscriptions.Where(s => s.UserId == user.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AssetsUsed, 2));

        await ResetOn(new FakeTimeProvider(DateTimeOffset.UtcNow)).RunAsync();

        Assert.Equal(2, await db.Subscriptions.Where(s => s.UserId == user.Id).Select(s => s.AssetsUsed).SingleAsync());
    }

    private MonthlyUsageReset ResetOn(TimeProvider clock) =>
        ActivatorUtilities.CreateInstance<MonthlyUsageReset>(app.Services.CreateScope().ServiceProvider, clock,
            ActivatorUtilities.CreateInstance<Plans>(app.Services.CreateScope().ServiceProvider, clock));
}
