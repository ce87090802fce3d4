using Microsoft.EntityFrameworkCore.Metadata.Builders;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Platforms;

/// <summary>
/// A connect in progress: the OAuth <c>state</c> sent to the platform, kept as a hash so a database reader cannot
/// complete someone else's flow. Single use (<see cref="UsedAt"/>), bound to the user and to the browser that started
/// it (a hash of a cookie value), expiring after ten minutes.
/// </summary>
public class ChannelAuthorization
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Platform Platform { get; set; }
    /// <summary>SHA-256 of the state, hex.</summary>
    public required string StateHash { get; set; }
    /// <summary>SHA-256 of the browser-binding cookie set when the flow started, hex.</summary>
    public required string BrowserHash { get; set; }
    /// <summary>The PKCE code verifier, encrypted; null for platforms without PKCE.</summary>
    public string? CodeVerifierEncrypted { get; set; }
    public required string RedirectUri { get; set; }
    public string[] RequestedScopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? UsedAt { get; set; }
}

internal sealed class ChannelAuthorizationConfiguration : IEntityTypeConfiguration<ChannelAuthorization>
{
    public void Configure(EntityTypeBuilder<ChannelAuthorization> authorization)
    {
        authorization.ToTable("channel_authorizations");
        authorization.HasOne(a => a.User).WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
        authorization.HasIndex(a => a.StateHash).IsUnique();
        authorization.HasIndex(a => a.ExpiresAt);
    }
}
