using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
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

    private static readonly Lazy<Task<ThemeStyles>> styles = new(() => Task.Run(BuildStylesAsync));

    /// <summary>
    /// The theme's CSS, written once per process. MudThemeProvider would write the same 12 KB of CSS again in every
    /// circuit and keep it there with the component (bench/CircuitMemory: about 40 KB a circuit); a layout that
    /// renders these shared strings holds only a reference to them.
    /// </summary>
    public static Task<ThemeStyles> StylesAsync() => styles.Value;

    private static async Task<ThemeStyles> BuildStylesAsync()
    {
        // MudThemeProvider itself writes the CSS, so the variables stay exactly what MudBlazor's components expect.
        var services = new ServiceCollection().AddLogging().AddSingleton<IJSRuntime, NoScript>().BuildServiceProvider();
        await using (services)
        {
            await using var renderer = new HtmlRenderer(services, services.GetRequiredService<ILoggerFactory>());
            var light = await RenderAsync(renderer, dark: false);
            var dark = await RenderAsync(renderer, dark: true);
            // "System" follows the device, in CSS alone: the dark palette's variables under a media query.
            const string Open = "<style class='mud-theme-provider'>";
            var start = dark.IndexOf(Open, StringComparison.Ordinal);
            var end = start < 0 ? -1 : dark.IndexOf("</style>", start, StringComparison.Ordinal);
            if (end < 0)
            {
                throw new InvalidOperationException("MudThemeProvider's output has changed shape; StudioTheme cannot find its variables.");
            }

            var darkVariables = dark[(start + Open.Length)..end];
            return new ThemeStyles(light, dark, light + $"<style>@media (prefers-color-scheme: dark) {{\n{darkVariables}}}\n</style>");
        }
    }

    private static Task<string> RenderAsync(HtmlRenderer renderer, bool dark) => renderer.Dispatcher.InvokeAsync(async () =>
    {
        var parameters = ParameterView.FromDictionary(new Dictionary<string, object?>
        {
            [nameof(MudThemeProvider.Theme)] = Theme,
            [nameof(MudThemeProvider.IsDarkMode)] = dark,
            [nameof(MudThemeProvider.ObserveSystemDarkModeChange)] = false,
        });
        return (await renderer.RenderComponentAsync<MudThemeProvider>(parameters)).ToHtmlString();
    });

    /// <summary>Rendering to a string runs no script; MudThemeProvider only says goodbye to its script when disposed.</summary>
    private sealed class NoScript : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => ValueTask.FromResult(default(TValue)!);

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
            ValueTask.FromResult(default(TValue)!);
    }
}

/// <summary>The theme's &lt;style&gt; markup for a light page, a dark page, and one that follows the device.</summary>
public sealed record ThemeStyles(string Light, string Dark, string System);
