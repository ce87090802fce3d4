using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace StreamerStudio.Domain.Copy;

internal sealed class VoiceSampleConfiguration : IEntityTypeConfiguration<VoiceSample>
{
    public void Configure(EntityTypeBuilder<VoiceSample> sample)
    {
        sample.ToTable("voice_samples", t =>
        {
            t.HasCheckConstraint("ck_voice_samples_content", $"btrim(content) <> '' AND char_length(content) <= {VoiceStudio.MaxSampleLength}");
            t.HasCheckConstraint("ck_voice_samples_word_count", "word_count >= 0");
        });
        sample.HasOne(s => s.BrandKit).WithMany().HasForeignKey(s => s.BrandKitId).OnDelete(DeleteBehavior.Cascade);
        sample.HasIndex(s => new { s.BrandKitId, s.CreatedAt });
    }
}

internal sealed class VoiceFingerprintConfiguration : IEntityTypeConfiguration<VoiceFingerprint>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<VoiceFingerprint> fingerprint)
    {
        fingerprint.ToTable("voice_fingerprints", t =>
        {
            t.HasCheckConstraint("ck_voice_fingerprints_sample_count", "sample_count >= 0");
            t.HasCheckConstraint("ck_voice_fingerprints_training_quality", "training_quality BETWEEN 0 AND 1");
        });
        fingerprint.HasOne(f => f.BrandKit).WithMany().HasForeignKey(f => f.BrandKitId).OnDelete(DeleteBehavior.Cascade);
        fingerprint.HasIndex(f => f.BrandKitId).IsUnique();
        fingerprint.Property(f => f.Metrics)
            .HasColumnType("jsonb")
            .HasConversion(
                m => JsonSerializer.Serialize(m, Json),
                s => JsonSerializer.Deserialize<VoiceMetrics>(s, Json) ?? VoiceMetrics.Empty,
                new ValueComparer<VoiceMetrics>((a, b) => ReferenceEquals(a, b), m => m.GetHashCode(), m => m));
        fingerprint.Property(f => f.Summary).HasMaxLength(VoiceStudio.MaxSummary);
    }
}
