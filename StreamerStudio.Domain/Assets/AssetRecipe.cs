using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Assets;

/// <summary>
/// What the renderer was given for an asset besides the columns it has anyway (type, format, headline, brand kit):
/// enough, with those, to show how it was made and to make it again or vary it.
/// </summary>
public sealed record AssetRecipe
{
    public Platform Platform { get; init; }
    /// <summary>The layout the seed picked, by the renderer's name for it.</summary>
    public string Layout { get; init; } = "";
    /// <summary>The same seed with the same text renders the same bytes.</summary>
    public int Seed { get; init; }
    public string? Subline { get; init; }
    public string? Badge { get; init; }
    /// <summary>The media library picture drawn behind the text; variations and regenerations use it again.</summary>
    public Guid? BackgroundMediaId { get; init; }
    /// <summary>The media library cut-out drawn beside the text; variations and regenerations use it again.</summary>
    public Guid? SubjectMediaId { get; init; }
}
