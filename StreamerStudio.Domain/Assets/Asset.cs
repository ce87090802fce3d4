using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Assets;

/// <summary>One delivered file.</summary>
public class Asset
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    public Guid? JobId { get; set; }
    public GenerationJob? Job { get; set; }
    public Guid? BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    public AssetType AssetType { get; set; }
    public int Width { get; set; }
    public int Height { get; set; }
    public AssetFormat Format { get; set; }
    public long FileSizeBytes { get; set; }
    public string? CdnUrl { get; set; }
    public required string StorageKey { get; set; }
    public string? ShareableUrl { get; set; }
    public bool IsPublic { get; set; }
    /// <summary>The unguessable part of the public link <c>/s/{token}</c>; a new one each time the asset is made public.</summary>
    public string? ShareToken { get; set; }
    /// <summary>A small WebP the gallery shows instead of the full file.</summary>
    public string? PreviewKey { get; set; }
    public string? PromptUsed { get; set; }
    /// <summary>jsonb: how it was made; null when nothing recorded it.</summary>
    public AssetRecipe? Recipe { get; set; }
    public int? ViralScore { get; set; }
    public string[] ViralSuggestions { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}
