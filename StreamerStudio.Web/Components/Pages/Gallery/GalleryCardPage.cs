using StreamerStudio.Domain.Assets;

namespace StreamerStudio.Web.Components.Pages.Gallery;

/// <summary>
/// A page of gallery cards on its way to the browser. <see cref="GalleryCards"/> takes the cards when it sends them;
/// from then on the circuit keeps only their ids (for "select all" and to know which boxes the browser may tick), not
/// 48 cards' details for as long as the tab stays open.
/// </summary>
public sealed class GalleryCardPage(IReadOnlyList<AssetCard> cards)
{
    private IReadOnlyList<AssetCard>? cards = cards;

    public IReadOnlyList<Guid> Ids { get; } = [.. cards.Select(card => card.Id)];

    /// <summary>The cards for the server's own render (prerendering), which sends nothing to a browser.</summary>
    public IReadOnlyList<AssetCard> Peek() => cards ?? [];

    /// <summary>The cards, once: the live circuit sends them and keeps no copy.</summary>
    public IReadOnlyList<AssetCard> Take()
    {
        var taken = cards ?? [];
        cards = null;
        return taken;
    }
}
