using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Assets;

internal sealed class AssetConfiguration : IEntityTypeConfiguration<Asset>
{
    public void Configure(EntityTypeBuilder<Asset> asset)
    {
        asset.ToTable("assets", t =>
        {
            t.HasCheckConstraint("ck_assets_viral_score", "viral_score BETWEEN 0 AND 100");
            t.HasCheckConstraint("ck_assets_dimensions", "width > 0 AND height > 0");
            t.HasCheckConstraint("ck_assets_file_size_bytes", "file_size_bytes >= 0");
        });
        // The column keeps its first name; the platform is stored as text, as it was before the recipe was typed.
        asset.ComplexProperty(a => a.Recipe, r =>
        {
            r.ToJson("generation_params");
            r.Property(x => x.Platform).HasConversion<TextEnumConverter<Platform>>().HasMaxLength(32);
        });
        asset.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        asset.HasOne(a => a.Job).WithMany().HasForeignKey(a => a.JobId).OnDelete(DeleteBehavior.Cascade);
        asset.HasOne(a => a.BrandKit).WithMany().HasForeignKey(a => a.BrandKitId).OnDelete(DeleteBehavior.SetNull);
        // The gallery pages a creator's newest assets; the expiry job scans what expires.
        asset.HasIndex(a => new { a.UserId, a.CreatedAt }).IsDescending(false, true);
        // One delivered file per job: a job that runs twice cannot deliver twice.
        asset.HasIndex(a => a.JobId).IsUnique();
        asset.HasIndex(a => a.StorageKey).IsUnique();
        asset.HasIndex(a => a.ExpiresAt).HasFilter("expires_at IS NOT NULL");
        asset.HasIndex(a => a.ShareToken).IsUnique().HasFilter("share_token IS NOT NULL");
        // The gallery sorted by viral score.
        asset.HasIndex(a => new { a.UserId, a.ViralScore }).IsDescending(false, true);
    }
}
