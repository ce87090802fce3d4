using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Platforms;

/// <summary>
/// A channel or account a connection gives access to (seed 002 <c>social_account</c>): a YouTube channel, a Twitch
/// broadcaster, a TikTok account. One connection can own several (a Google account with brand channels).
/// </summary>
public class Channel
{
    public Guid Id { get; set; }
    /// <summary>Denormalised from the connection so every query can filter by owner directly.</summary>
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid ConnectionId { get; set; }
    public PlatformConnection? Connection { get; set; }
    public Platform Platform { get; set; }
    /// <summary>The platform's id: YouTube channel id, Twitch user id, TikTok open_id.</summary>
    public required string PlatformChannelId { get; set; }
    public required string Name { get; set; }
    public string? Handle { get; set; }
    public string? Url { get; set; }
    public string? AvatarUrl { get; set; }
    public string? Description { get; set; }
    public bool IsPrimary { get; set; }
    public DateTimeOffset? LastSyncedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>
/// A channel's figures (seed 001 <c>analytics_snapshots</c>): one row per channel, the header of current figures and
/// the daily history series, both jsonb, rewritten by each sync.
/// </summary>
public class AnalyticsSnapshot
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public Guid ChannelId { get; set; }
    public Channel? Channel { get; set; }
    public ChannelFigures Figures { get; set; } = new();
    public List<DailyFigures> History { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>The header: what the platform says now. Null where the platform does not give a figure.</summary>
public sealed record ChannelFigures
{
    /// <summary>Subscribers (YouTube) or followers (Twitch, TikTok).</summary>
    public long? Followers { get; init; }
    public long? Views { get; init; }
    public long? Likes { get; init; }
    public long? Videos { get; init; }
}

/// <summary>One day of the growth series.</summary>
public sealed record DailyFigures
{
    public DateOnly Day { get; init; }
    public long? Followers { get; init; }
    public long? FollowersGained { get; init; }
    public long? Views { get; init; }
    public long? WatchMinutes { get; init; }
    public long? Likes { get; init; }
}

internal sealed class ChannelConfiguration : IEntityTypeConfiguration<Channel>
{
    public void Configure(EntityTypeBuilder<Channel> channel)
    {
        channel.ToTable("channels");
        channel.HasOne(c => c.User).WithMany().HasForeignKey(c => c.UserId).OnDelete(DeleteBehavior.Cascade);
        channel.HasOne(c => c.Connection).WithMany().HasForeignKey(c => c.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        channel.HasIndex(c => new { c.ConnectionId, c.PlatformChannelId }).IsUnique();
        channel.HasIndex(c => c.UserId);
    }
}

internal sealed class AnalyticsSnapshotConfiguration : IEntityTypeConfiguration<AnalyticsSnapshot>
{
    public void Configure(EntityTypeBuilder<AnalyticsSnapshot> snapshot)
    {
        snapshot.ToTable("analytics_snapshots");
        snapshot.HasOne(s => s.Channel).WithMany().HasForeignKey(s => s.ChannelId).OnDelete(DeleteBehavior.Cascade);
        snapshot.HasIndex(s => s.ChannelId).IsUnique();
        snapshot.HasIndex(s => s.UserId);
        snapshot.ComplexProperty(s => s.Figures, f => f.ToJson("stats"));
        snapshot.ComplexCollection(s => s.History, h => h.ToJson("history"));
    }
}
