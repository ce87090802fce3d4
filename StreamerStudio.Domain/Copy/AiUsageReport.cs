using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// A calendar month of the AI ledger: calls, how many finished, tokens, and cost (calls whose model is not in the catalogue
/// have no cost and are counted apart, so the sum never looks complete when it is not).
/// </summary>
public sealed record AiUsageSummary(int Calls, int Finished, long Tokens, decimal Cost, int Unpriced, DateTimeOffset MonthStart);

/// <summary>AI usage for the admin pages: everyone's this month, or one creator's. Admins only.</summary>
public sealed class AiUsageReport(IDbContextFactory<StudioDbContext> dbFactory, AdminService admin, TimeProvider clock)
{
    public async Task<AiUsageSummary> ThisMonthAsync(Guid actorId, Guid? userId = null, CancellationToken cancellationToken = default)
    {
        await admin.RequireAdminAsync(actorId, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var start = Plans.MonthStart(clock.GetUtcNow());
        var month = db.AiUsage.AsNoTracking().Where(u => u.CreatedAt >= start && (userId == null || u.UserId == userId));
        var totals = await month.GroupBy(_ => 1).Select(g => new
        {
            Calls = g.Count(),
            Finished = g.Count(u => u.Outcome == AiOutcome.Done),
            Tokens = g.Sum(u => (long)u.TotalTokens),
            Cost = g.Sum(u => u.CostUsd ?? 0m),
            Unpriced = g.Count(u => u.CostUsd == null),
        }).SingleOrDefaultAsync(cancellationToken);
        return totals is null
            ? new AiUsageSummary(0, 0, 0, 0m, 0, start)
            : new AiUsageSummary(totals.Calls, totals.Finished, totals.Tokens, totals.Cost, totals.Unpriced, start);
    }
}
