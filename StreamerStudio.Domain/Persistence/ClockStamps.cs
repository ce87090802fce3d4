using Microsoft.EntityFrameworkCore.Diagnostics;

namespace StreamerStudio.Domain.Persistence;

/// <summary>
/// Stamps created_at on new rows and updated_at on changed ones from the app's <see cref="TimeProvider"/>, so
/// a test's fake clock (and one clock for every server) decides what a row says, not the database's now().
/// </summary>
public sealed class ClockStamps(TimeProvider clock) : SaveChangesInterceptor
{
    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Stamp(eventData.Context);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Stamp(eventData.Context);
        return base.SavingChanges(eventData, result);
    }

    private void Stamp(DbContext? context)
    {
        if (context is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            if (entry.State == EntityState.Added && entry.Metadata.FindProperty("CreatedAt") is { } created
                && entry.Property(created.Name).CurrentValue is DateTimeOffset current && current == default)
            {
                entry.Property(created.Name).CurrentValue = now;
            }

            if (entry.State is EntityState.Added or EntityState.Modified && entry.Metadata.FindProperty("UpdatedAt") is { } updated)
            {
                entry.Property(updated.Name).CurrentValue = now;
            }
        }
    }
}
