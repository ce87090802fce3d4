using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>A creator's brand in one place: colours, fonts, logo and tone. At most one is active per user.</summary>
public class BrandKit
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public required string Name { get; set; }
    public bool IsActive { get; set; }
    public string[] PrimaryColors { get; set; } = [];
    public string[] AccentColors { get; set; } = [];
    public BrandFonts Fonts { get; set; } = new();
    /// <summary>Where the logo is served (<c>/brand-kits/{id}/logo</c>); null without a logo.</summary>
    public string? LogoUrl { get; set; }
    /// <summary>The logo file (a re-encoded PNG) in asset storage.</summary>
    public string? LogoStorageKey { get; set; }
    public Tone Tone { get; set; } = Tone.Casual;
    public string? StyleReference { get; set; }
    /// <summary>Where the colours came from when they were proposed by palette extraction (e.g. "logo").</summary>
    public string? ExtractedFrom { get; set; }

    // Brand guidelines (seeds 003 brand_guidelines and 004 brand_profiles).
    public string[] BrandValues { get; set; } = [];
    public string[] ToneKeywords { get; set; } = [];
    public string[] DoList { get; set; } = [];
    public string[] DontList { get; set; } = [];
    public string[] PreferredWords { get; set; } = [];
    public string[] AvoidWords { get; set; } = [];

    /// <summary>Set when a kit that assets were made with is deleted: hidden, but kept for their history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Stored as jsonb: {"headline": "...", "body": "..."}.</summary>
public class BrandFonts
{
    public string Headline { get; set; } = "";
    public string Body { get; set; } = "";
}

public enum Tone
{
    Competitive,
    Casual,
    Educational,
    Comedic,
    Professional,
}
