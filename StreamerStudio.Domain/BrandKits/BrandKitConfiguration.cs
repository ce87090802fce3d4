using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.BrandKits;

internal sealed class BrandKitConfiguration : IEntityTypeConfiguration<BrandKit>
{
    public void Configure(EntityTypeBuilder<BrandKit> kit)
    {
        kit.ToTable("brand_kits", t =>
        {
            t.HasCheckConstraint("ck_brand_kits_name", "char_length(name) BETWEEN 1 AND 60");
            t.HasCheckConstraint("ck_brand_kits_primary_colors", "cardinality(primary_colors) <= 5");
            t.HasCheckConstraint("ck_brand_kits_accent_colors", "cardinality(accent_colors) <= 5");
        });
        kit.Property(k => k.Name).HasMaxLength(60);
        kit.Property(k => k.StyleReference).HasMaxLength(500);
        kit.ComplexProperty(k => k.Fonts, fonts => fonts.ToJson());
        kit.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        kit.HasIndex(k => k.UserId);
        // The database itself guarantees "one active brand kit per user".
        kit.HasIndex(k => k.UserId, "one_active_per_user").IsUnique().HasFilter("is_active")
            .HasDatabaseName("ix_brand_kits_one_active_per_user");
    }
}
