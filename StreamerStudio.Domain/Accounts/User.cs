using Microsoft.AspNetCore.Identity;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Accounts;

/// <summary>A creator or admin: the ASP.NET Core Identity user extended with the seed's columns.</summary>
public class User : IdentityUser<Guid>
{
    [PersonalData]
    public string? DisplayName { get; set; }

    public string? AvatarUrl { get; set; }

    public SubscriptionTier SubscriptionTier { get; set; } = SubscriptionTier.Free;

    public SubscriptionStatus SubscriptionStatus { get; set; } = SubscriptionStatus.Active;

    public string? StripeCustomerId { get; set; }

    public int AssetsGeneratedThisMonth { get; set; }

    public Theme Theme { get; set; } = Theme.System;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public Subscription? Subscription { get; set; }

    /// <summary>What the app calls the person: their display name, else their email.</summary>
    public string Greeting => string.IsNullOrWhiteSpace(DisplayName) ? Email ?? UserName ?? "creator" : DisplayName;
}

public enum Theme
{
    System,
    Light,
    Dark,
}

public static class Roles
{
    public const string Admin = "Admin";
}
