using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Billing;

internal sealed class SubscriptionConfiguration : IEntityTypeConfiguration<Subscription>
{
    public void Configure(EntityTypeBuilder<Subscription> subscription)
    {
        subscription.ToTable("subscriptions", t =>
        {
            t.HasCheckConstraint("ck_subscriptions_assets_limit", "assets_limit >= -1");
            t.HasCheckConstraint("ck_subscriptions_platforms_limit", "platforms_limit >= -1");
            t.HasCheckConstraint("ck_subscriptions_assets_used", "assets_used >= 0");
        });
        // New subscriptions count from the start of the current calendar month.
        subscription.Property(s => s.UsagePeriodStart).HasDefaultValueSql("date_trunc('month', now())");
        subscription.HasIndex(s => s.UserId).IsUnique();
        subscription.HasIndex(s => s.StripeSubscriptionId).IsUnique().HasFilter("stripe_subscription_id IS NOT NULL");
    }
}
