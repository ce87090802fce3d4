namespace StreamerStudio.Domain.Admin;

/// <summary>One line of a creator's security history; <see cref="NewDevice"/> marks a login from an address and browser not seen before.</summary>
public sealed record SecurityEvent(Guid Id, string Action, DateTimeOffset At, string? IpAddress, string? UserAgent, bool NewDevice, bool ByAdmin);

/// <summary>
/// The part of the audit trail that concerns a creator's own account (<see cref="AuditTrail.Actions.Security"/>), for
/// them to read: every such row names the account as its entity, so another person's rows never match.
/// </summary>
public sealed class SecurityHistory(IDbContextFactory<StudioDbContext> dbFactory)
{
    public async Task<IReadOnlyList<SecurityEvent>> ListAsync(Guid userId, int take = 100, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var security = AuditTrail.Actions.Security.ToList();
        var rows = await db.AuditLog.AsNoTracking()
            .Where(e => e.EntityType == "user" && e.EntityId == userId && security.Contains(e.Action))
            .OrderByDescending(e => e.CreatedAt).Take(take)
            .Select(e => new
            {
                e.Id, e.Action, e.CreatedAt, e.IpAddress, e.UserAgent,
                NewDevice = e.Action == AuditTrail.Actions.Login && !db.AuditLog.Any(p =>
                    p.EntityType == "user" && p.EntityId == userId && p.Action == AuditTrail.Actions.Login
                    && p.IpAddress == e.IpAddress && p.UserAgent == e.UserAgent && p.CreatedAt < e.CreatedAt),
                ByAdmin = e.UserId != userId && e.UserId != null && (e.Action == AuditTrail.Actions.Locked || e.Action == AuditTrail.Actions.Unlocked),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(r => new SecurityEvent(r.Id, r.Action, r.CreatedAt, r.IpAddress?.ToString(), r.UserAgent, r.NewDevice, r.ByAdmin))];
    }
}
