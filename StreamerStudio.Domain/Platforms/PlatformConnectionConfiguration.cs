using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Platforms;

internal sealed class PlatformConnectionConfiguration : IEntityTypeConfiguration<PlatformConnection>
{
    public void Configure(EntityTypeBuilder<PlatformConnection> connection)
    {
        connection.ToTable("platform_connections");
        connection.Property(c => c.CachedMetadata).HasColumnType("jsonb");
        connection.Property(c => c.Status).HasConversion<string>().HasMaxLength(20);
        connection.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        connection.HasIndex(c => new { c.UserId, c.Platform }).IsUnique();
        // The sync picks the connections due, oldest first.
        connection.HasIndex(c => c.NextSyncAt).HasFilter("is_active");
    }
}
