using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Generation;

internal sealed class GenerationJobConfiguration : IEntityTypeConfiguration<GenerationJob>
{
    public void Configure(EntityTypeBuilder<GenerationJob> job)
    {
        job.ToTable("generation_jobs", t =>
        {
            t.HasCheckConstraint("ck_generation_jobs_counters",
                "total_assets >= 0 AND completed_assets >= 0 AND failed_assets >= 0 AND completed_assets + failed_assets <= total_assets");
            t.HasCheckConstraint("ck_generation_jobs_render_attempts", "render_attempts >= 0");
        });
        job.ComplexProperty(j => j.PlatformContext, c => c.ToJson());
        job.Property(j => j.QueuedAt).HasDefaultValueSql("now()");
        job.HasOne(j => j.User).WithMany().HasForeignKey(j => j.UserId).OnDelete(DeleteBehavior.Cascade);
        job.HasOne(j => j.ParentJob).WithMany().HasForeignKey(j => j.ParentJobId).OnDelete(DeleteBehavior.Cascade);
        job.HasOne(j => j.BrandKit).WithMany().HasForeignKey(j => j.BrandKitId).OnDelete(DeleteBehavior.SetNull);
        // The Jobs page lists a creator's newest jobs; workers pick up what is still queued.
        job.HasIndex(j => new { j.UserId, j.CreatedAt }).IsDescending(false, true);
        job.HasIndex(j => j.ParentJobId);
        job.HasIndex(j => j.Status).HasFilter("status IN ('queued', 'processing')");
    }
}
