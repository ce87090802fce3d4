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
            t.HasCheckConstraint("ck_brand_kits_guidelines",
                "cardinality(brand_values) <= 20 AND cardinality(tone_keywords) <= 20 AND cardinality(do_list) <= 20 AND " +
                "cardinality(dont_list) <= 20 AND cardinality(preferred_words) <= 20 AND cardinality(avoid_words) <= 20");
            t.HasCheckConstraint("ck_brand_kits_deleted_not_active", "NOT (is_active AND deleted_at IS NOT NULL)");
        });
        kit.Property(k => k.Name).HasMaxLength(60);
        kit.Property(k => k.StyleReference).HasMaxLength(500);
        kit.ComplexProperty(k => k.Fonts, fonts => fonts.ToJson());
        kit.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        // The Brand kits page lists a creator's kits that are not deleted.
        kit.HasIndex(k => k.UserId).HasFilter("deleted_at IS NULL");
        // The database itself guarantees "one active brand kit per user".
        kit.HasIndex(k => k.UserId, "one_active_per_user").IsUnique().HasFilter("is_active")
            .HasDatabaseName("ix_brand_kits_one_active_per_user");
    }
}
