using StreamerStudio.Domain.Assets;

namespace StreamerStudio.Web.Components.Pages.Gallery;

/// <summary>
/// A page of gallery cards on its way to the browser. <see cref="GalleryCards"/> releases the cards once the browser has them;
/// from then on the circuit keeps only their ids (for "select all" and to know which boxes the browser may tick), not
/// 48 cards' details for as long as the tab stays open.
/// </summary>
public sealed class GalleryCardPage(IReadOnlyList<AssetCard> cards)
{
    private IReadOnlyList<AssetCard>? cards = cards;

    public IReadOnlyList<Guid> Ids { get; } = [.. cards.Select(card => card.Id)];

    /// <summary>The cards, until <see cref="Release"/>: for the server's own render (prerendering) and for sending.</summary>
    public IReadOnlyList<AssetCard> Peek() => cards ?? [];

    /// <summary>The cards have reached the browser: the circuit keeps no copy from now on.</summary>
    public void Release() => cards = null;
}
