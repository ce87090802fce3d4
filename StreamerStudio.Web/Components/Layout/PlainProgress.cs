using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace StreamerStudio.Web.Components.Layout;

/// <summary>
/// MudProgressLinear's HTML (MudBlazor 9: role, aria values, classes, bars) as one markup string. The dashboard and
/// every job card show one in each open circuit, and the component with its parameter state and two render trees was
/// kept alive there for as long as the tab is open; markup is one frame of the page's tree (bench/CircuitMemory,
/// docs/benchmarks.md). The label and test id are HTML-encoded here: they are the only text that is not this file's.
/// </summary>
public static class PlainProgress
{
    /// <param name="value">0–100; ignored when <paramref name="indeterminate"/>.</param>
    /// <param name="rounded">MudProgressLinear's <c>Rounded</c> with <c>Size.Medium</c>; otherwise its default small bar.</param>
    /// <param name="extraClass">Spacing classes such as <c>mt-3</c> (constants of the caller).</param>
    public static MarkupString Linear(string ariaLabel, Color color, bool indeterminate = false, double value = 0,
        bool rounded = false, string? extraClass = null, string? testId = null)
    {
        var colour = color.ToString().ToLowerInvariant();
        var classes = "mud-progress-linear"
                      + (rounded ? " mud-progress-linear-rounded" : "")
                      + (indeterminate ? " mud-progress-indeterminate" : "")
                      + (rounded ? " mud-progress-linear-medium" : " mud-progress-linear-small")
                      + $" mud-progress-linear-color-{colour} mud-progress-linear-background horizontal"
                      + (extraClass is null ? "" : " " + extraClass);
        var now = indeterminate ? "0" : value.ToString(CultureInfo.InvariantCulture);
        var bars = indeterminate
            ? """<div class="mud-progress-linear-bar"></div><div class="mud-progress-linear-bar"></div>"""
            : string.Create(CultureInfo.InvariantCulture, $"""<div class="mud-progress-linear-bar" style="transform: translateX(-{Math.Round(100 - Math.Clamp(value, 0, 100))}%);"></div>""");
        var html = HtmlEncoder.Default;
        return new MarkupString(
            $"""<div role="progressbar" aria-busy="true" aria-valuenow="{now}" aria-valuemin="0" aria-valuemax="100"{(indeterminate ? "" : " aria-live=\"polite\"")} class="{classes}" aria-label="{html.Encode(ariaLabel)}"{(testId is null ? "" : $" data-testid=\"{html.Encode(testId)}\"")}><div class="mud-progress-linear-bars mud-flip-x-rtl">{bars}</div></div>""");
    }
}
