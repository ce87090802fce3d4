using MudBlazor;

namespace StreamerStudio.Web.Components.Layout;

/// <summary>
/// The product's own look: a violet primary with a hot-pink accent, in light and dark. Every colour that carries text
/// keeps WCAG AA (at least 4.5:1) against the page, the cards and, filled, its own contrast text: MudBlazor's defaults
/// did not (white on green chips 2.2:1, red buttons 3.7:1, grey secondary text 4.5:1 on our background).
/// </summary>
public static class StudioTheme
{
    public static readonly MudTheme Theme = new()
    {
        // Light: deep colours, white text on them.
        PaletteLight = new PaletteLight
        {
            Primary = "#6D28D9",
            Secondary = "#BE185D",
            Success = "#15803D",
            Error = "#C62828",
            Warning = "#B45309",
            Info = "#1D4ED8",
            TextSecondary = "#5B5670",
            AppbarBackground = "#1E1B2E",
            Background = "#F7F6FB",
        },
        // Dark: light colours that read as text on the dark surfaces, so filled they carry dark text.
        PaletteDark = new PaletteDark
        {
            Primary = "#A78BFA",
            PrimaryContrastText = "#0F0D1A",
            Secondary = "#F472B6",
            SecondaryContrastText = "#0F0D1A",
            Success = "#4ADE80",
            SuccessContrastText = "#0F0D1A",
            Error = "#F87171",
            ErrorContrastText = "#0F0D1A",
            Warning = "#FBBF24",
            WarningContrastText = "#0F0D1A",
            Info = "#60A5FA",
            InfoContrastText = "#0F0D1A",
            TextSecondary = "#B8B4C8",
            AppbarBackground = "#141221",
            Background = "#0F0D1A",
            Surface = "#1B1829",
            DrawerBackground = "#141221",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "10px" },
    };
}
