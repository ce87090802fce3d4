using Microsoft.AspNetCore.Components;

namespace StreamerStudio.Web.Components.Layout;

/// <summary>
/// A MudBlazor icon (one of <c>Icons.Material.*</c>) as plain SVG in MudIcon's classes. A fragment rather than a
/// component: the layout shows a dozen of them in every open circuit, and each component instance is kept alive there.
/// </summary>
public static class PlainIcon
{
    public static RenderFragment Svg(string icon, string? extraClass = null) => builder =>
    {
        builder.OpenElement(0, "svg");
        builder.AddAttribute(1, "class", extraClass is null ? "mud-icon-root mud-svg-icon mud-icon-size-medium" : $"mud-icon-root mud-svg-icon mud-icon-size-medium {extraClass}");
        builder.AddAttribute(2, "focusable", "false");
        builder.AddAttribute(3, "viewBox", "0 0 24 24");
        builder.AddAttribute(4, "aria-hidden", "true");
        builder.AddMarkupContent(5, icon);
        builder.CloseElement();
    };
}
