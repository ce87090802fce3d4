using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace StreamerStudio.Web.Components.Layout;

/// <summary>
/// A MudBlazor icon (one of <c>Icons.Material.*</c>) as plain SVG in MudIcon's classes. Markup rather than a
/// component or elements: every open circuit keeps each component instance and each render tree frame it shows, and
/// the SVG as one markup string is one frame (an element with its attributes was six, and the class string was made
/// again in every circuit). The strings are built once per process: the icons and classes are this code's constants,
/// never user text, so the set is small and nothing needs encoding.
/// </summary>
public static class PlainIcon
{
    private static readonly ConcurrentDictionary<(string Icon, string? ExtraClass, bool Small), MarkupString> Markup = new();

    /// <param name="small">MudIcon's <c>Size.Small</c> (as in a small MudButton); medium otherwise.</param>
    public static MarkupString Svg(string icon, string? extraClass = null, bool small = false) =>
        Markup.GetOrAdd((icon, extraClass, small), static key => new MarkupString(
            $"""<svg class="mud-icon-root mud-svg-icon {(key.Small ? "mud-icon-size-small" : "mud-icon-size-medium")}{(key.ExtraClass is null ? "" : " " + key.ExtraClass)}" focusable="false" viewBox="0 0 24 24" aria-hidden="true">{key.Icon}</svg>"""));
}
