using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Media;

internal sealed class MediaItemConfiguration : IEntityTypeConfiguration<MediaItem>
{
    public void Configure(EntityTypeBuilder<MediaItem> media)
    {
        media.ToTable("media_items", t =>
        {
            t.HasCheckConstraint("ck_media_items_dimensions", "width > 0 AND height > 0");
            t.HasCheckConstraint("ck_media_items_file_size_bytes", "file_size_bytes >= 0");
            t.HasCheckConstraint("ck_media_items_transparent_share", "transparent_share BETWEEN 0 AND 1");
            // Both or neither, each a fraction of the picture.
            t.HasCheckConstraint("ck_media_items_focus",
                "(focus_x IS NULL AND focus_y IS NULL) OR (focus_x BETWEEN 0 AND 1 AND focus_y BETWEEN 0 AND 1)");
            // An image's alt text is never empty: MediaLibrary refuses a blank description and starts from the file name.
            t.HasCheckConstraint("ck_media_items_description", "btrim(description) <> ''");
        });
        media.Property(m => m.Name).HasMaxLength(MediaLibrary.MaxName);
        media.Property(m => m.Description).HasMaxLength(MediaLibrary.MaxDescription);
        media.HasOne(m => m.User).WithMany().HasForeignKey(m => m.UserId).OnDelete(DeleteBehavior.Cascade);
        // The library lists a creator's pictures newest first.
        media.HasIndex(m => new { m.UserId, m.CreatedAt }).IsDescending(false, true);
        media.HasIndex(m => m.StorageKey).IsUnique();
    }
}
