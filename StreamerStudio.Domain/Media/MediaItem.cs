using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Media;

/// <summary>
/// A picture in a creator's media library: a screenshot or gameplay frame to put behind the text, or a cut-out
/// subject (a face, a character, a product) with real transparency to put beside it.
/// </summary>
public class MediaItem
{
    public Guid Id { get; set; }
    public Guid UserId { get; set; }
    public User? User { get; set; }
    /// <summary>What it can be used as. A subject upload without real transparency is stored as a screenshot.</summary>
    public MediaKind Kind { get; set; }
    /// <summary>The file name the creator uploaded, without its extension.</summary>
    public string Name { get; set; } = "";
    /// <summary>What the picture shows, in the creator's words: its alt text. Starts as the file name made readable.</summary>
    public string Description { get; set; } = "";
    public int Width { get; set; }
    public int Height { get; set; }
    /// <summary>The stored re-encode: PNG for subjects (alpha kept), JPEG for screenshots.</summary>
    public AssetFormat Format { get; set; }
    public long FileSizeBytes { get; set; }
    public required string StorageKey { get; set; }
    /// <summary>A small WebP (alpha kept) the library and the Generate page show.</summary>
    public required string PreviewKey { get; set; }
    /// <summary>Share of pixels that are mostly transparent (alpha below 128), 0–1; what the transparency verdict measured.</summary>
    public float TransparentShare { get; set; }
    /// <summary>The creator's focal point as fractions 0–1 of width and height; null lets the renderer estimate it.</summary>
    public float? FocusX { get; set; }
    public float? FocusY { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum MediaKind
{
    /// <summary>A screenshot or gameplay frame: drawn behind the text.</summary>
    Screenshot,
    /// <summary>A cut-out with real transparency: drawn large beside the text.</summary>
    Subject,
}
