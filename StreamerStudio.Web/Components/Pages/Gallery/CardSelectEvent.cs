using Microsoft.AspNetCore.Components;

namespace StreamerStudio.Web.Components.Pages.Gallery;

/// <summary>
/// A gallery card's box ticked or cleared in the browser: the box's own <c>change</c> event, named <c>cardselect</c> by
/// wwwroot/js/gallery.js so that one handler on the grid hears every card's box (the cards are not Blazor's elements).
/// </summary>
public sealed class CardSelectEventArgs : EventArgs
{
    /// <summary>The card's asset id as the browser sent it; parsed and checked against the cards shown.</summary>
    public string? AssetId { get; set; }

    public bool Selected { get; set; }

    /// <summary>
    /// The number of the last page of cards or ticks from the server the browser had applied when the box changed: an
    /// older number than the last one sent means a tick may have landed on top of this change.
    /// </summary>
    public int Seen { get; set; }
}

[EventHandler("oncardselect", typeof(CardSelectEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers;
