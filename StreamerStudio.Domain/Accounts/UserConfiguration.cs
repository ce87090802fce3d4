using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Accounts;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> user)
    {
        user.ToTable("users", t =>
            t.HasCheckConstraint("ck_users_assets_generated_this_month", "assets_generated_this_month >= 0"));
        user.Property(u => u.DisplayName).HasMaxLength(100);
        user.Property(u => u.AvatarUrl).HasMaxLength(2048);
        user.HasIndex(u => u.StripeCustomerId).IsUnique().HasFilter("stripe_customer_id IS NOT NULL");
        user.HasIndex(u => u.SubscriptionTier);
        user.HasOne(u => u.Subscription).WithOne(s => s.User)
            .HasForeignKey<Billing.Subscription>(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
