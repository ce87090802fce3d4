using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Copy;

/// <summary>One finished generation, kept for the history (seed 004 <c>generated_content</c>).</summary>
public class GeneratedCopy
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    /// <summary>Null once the kit is deleted: the words stay in the history.</summary>
    public Guid? BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    public required string KitName { get; set; }
    public required string Brief { get; set; }
    public required string Engine { get; set; }
    public required string ModelName { get; set; }
    public required CopySuggestions Suggestions { get; set; }
    /// <summary>The call that wrote it.</summary>
    public Guid? AiUsageId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Which part of a generation a favourite or an application is.</summary>
public enum SuggestionKind
{
    Title,
    Description,
    Tags,
    TwitchTitle,
    GoLive,
}

/// <summary>One starred suggestion: its text is kept as it was, so it survives a later edit of nothing.</summary>
public class CopyFavourite
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid GenerationId { get; set; }
    public GeneratedCopy? Generation { get; set; }
    public SuggestionKind Kind { get; set; }
    public required string Text { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A brief to start from (seed 004 <c>templates</c>): system ones (no owner) for everyone, and a creator's own.</summary>
public class CopyTemplate
{
    public Guid Id { get; set; }
    /// <summary>Null for a system template.</summary>
    public Guid? UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    public required string Category { get; set; }
    public required string Brief { get; set; }
    public int UseCount { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsSystem => UserId is null;
}

/// <summary>Where a used suggestion went.</summary>
public enum ApplicationTarget
{
    /// <summary>The creator pressed its Copy button.</summary>
    Copied,
    YoutubeVideo,
}

/// <summary>A suggestion the creator used (seed 002 <c>ai_suggestion_application</c>).</summary>
public class SuggestionApplication
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid GenerationId { get; set; }
    public GeneratedCopy? Generation { get; set; }
    public SuggestionKind Kind { get; set; }
    public required string Text { get; set; }
    public ApplicationTarget Target { get; set; }
    /// <summary>The video it was applied to, for <see cref="ApplicationTarget.YoutubeVideo"/>.</summary>
    public Guid? ContentItemId { get; set; }
    public ContentItem? ContentItem { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}

internal sealed class GeneratedCopyConfiguration : IEntityTypeConfiguration<GeneratedCopy>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Configure(EntityTypeBuilder<GeneratedCopy> copy)
    {
        copy.ToTable("generated_content", t => t.HasCheckConstraint("ck_generated_content_brief", $"char_length(brief) <= {PlatformLimits.MaxBrief}"));
        copy.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        copy.HasOne(c => c.BrandKit).WithMany().HasForeignKey(c => c.BrandKitId).OnDelete(DeleteBehavior.SetNull);
        copy.HasOne<AiUsage>().WithMany().HasForeignKey(c => c.AiUsageId).OnDelete(DeleteBehavior.SetNull);
        copy.Property(c => c.KitName).HasMaxLength(200);
        copy.Property(c => c.Suggestions)
            .HasColumnType("jsonb")
            .HasConversion(
                s => JsonSerializer.Serialize(s, Json),
                s => JsonSerializer.Deserialize<CopySuggestions>(s, Json)!,
                new ValueComparer<CopySuggestions>((a, b) => ReferenceEquals(a, b), s => s.GetHashCode(), s => s));
        copy.HasIndex(c => new { c.UserId, c.CreatedAt });
    }
}

internal sealed class CopyFavouriteConfiguration : IEntityTypeConfiguration<CopyFavourite>
{
    public void Configure(EntityTypeBuilder<CopyFavourite> favourite)
    {
        favourite.ToTable("copy_favourites");
        favourite.HasOne<User>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Cascade);
        favourite.HasOne(f => f.Generation).WithMany().HasForeignKey(f => f.GenerationId).OnDelete(DeleteBehavior.Cascade);
        // Starring the same line twice is one favourite.
        favourite.HasIndex(f => new { f.GenerationId, f.Kind, f.Text }).IsUnique();
        favourite.HasIndex(f => new { f.UserId, f.CreatedAt });
    }
}

internal sealed class SuggestionApplicationConfiguration : IEntityTypeConfiguration<SuggestionApplication>
{
    public void Configure(EntityTypeBuilder<SuggestionApplication> application)
    {
        // A copied line has no video; an applied one keeps its row when the video is later removed from the sync.
        application.ToTable("ai_suggestion_applications", t =>
            t.HasCheckConstraint("ck_ai_suggestion_applications_video", "target = 'youtube_video' OR content_item_id IS NULL"));
        application.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        application.HasOne(a => a.Generation).WithMany().HasForeignKey(a => a.GenerationId).OnDelete(DeleteBehavior.Cascade);
        application.HasOne(a => a.ContentItem).WithMany().HasForeignKey(a => a.ContentItemId).OnDelete(DeleteBehavior.SetNull);
        application.HasIndex(a => new { a.GenerationId, a.AppliedAt });
    }
}

internal sealed class CopyTemplateConfiguration : IEntityTypeConfiguration<CopyTemplate>
{
    private static readonly DateTimeOffset Seeded = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    public void Configure(EntityTypeBuilder<CopyTemplate> template)
    {
        template.ToTable("copy_templates", t =>
        {
            t.HasCheckConstraint("ck_copy_templates_name", $"btrim(name) <> '' AND char_length(name) <= {CopyLibrary.MaxTemplateName}");
            t.HasCheckConstraint("ck_copy_templates_brief", $"btrim(brief) <> '' AND char_length(brief) <= {PlatformLimits.MaxBrief}");
        });
        template.HasOne(t => t.User).WithMany().HasForeignKey(t => t.UserId).OnDelete(DeleteBehavior.Cascade);
        template.Property(t => t.Name).HasMaxLength(CopyLibrary.MaxTemplateName);
        template.Property(t => t.Category).HasMaxLength(64);
        template.HasIndex(t => new { t.UserId, t.Name });
        template.HasData(
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000001", "Let's play episode", "gaming",
                "Let's play [game], episode [number]: [what happens — the boss, the build, the big moment]. Chat's favourite moment: [moment]."),
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000002", "Tutorial / guide", "education",
                "How to [goal] in [game or tool]: [the steps covered], for [beginners / veterans]. The one mistake everyone makes: [mistake]."),
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000003", "Tier list", "opinion",
                "Ranking every [characters / weapons / maps] in [game] from S to F tier. Hot take: [controversial pick]."),
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000004", "Speedrun attempt", "gaming",
                "[Game] [category] speedrun attempts: personal best [time], going for [target]. The trick that makes or breaks it: [trick]."),
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000005", "Collab stream", "community",
                "Collab with [creator] playing [game]: [what we try together], [the chaos or the challenge]."),
            System("5d7a1c1e-2f0b-4b7e-8c11-000000000006", "Patch notes reaction", "news",
                "Reacting to [game] patch [version]: [biggest changes], what they mean for [my main / the meta], winners and losers."));
    }

    private static CopyTemplate System(string id, string name, string category, string brief) => new()
    {
        Id = Guid.Parse(id),
        Name = name,
        Category = category,
        Brief = brief,
        CreatedAt = Seeded,
        UpdatedAt = Seeded,
    };
}
