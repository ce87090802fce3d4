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
    public string? LogoUrl { get; set; }
    public Tone Tone { get; set; } = Tone.Casual;
    public string? StyleReference { get; set; }
    public string? ExtractedFrom { get; set; }
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
