using MudBlazor;

namespace StreamerStudio.Web.Components.Layout;

/// <summary>The product's own look: a violet primary with a hot-pink accent, in light and dark.</summary>
public static class StudioTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#6D28D9",
            Secondary = "#DB2777",
            AppbarBackground = "#1E1B2E",
            Background = "#F7F6FB",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#A78BFA",
            Secondary = "#F472B6",
            AppbarBackground = "#141221",
            Background = "#0F0D1A",
            Surface = "#1B1829",
            DrawerBackground = "#141221",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
    };
}
