using Microsoft.Playwright;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>What a person does on our pages, written once for every browser test.</summary>
public static class PageActions
{
    public static async Task LogInAsync(this IPage page, string email, string password)
    {
        await page.GotoAsync("/Account/Login");
        await page.FillAsync("#Input\\.Email", email);
        await page.FillAsync("#Input\\.Password", password);
        await page.ClickAsync("button[type=submit]");
    }

    /// <summary>Waits until the page's interactive circuit is connected, so clicks reach the server.</summary>
    public static Task WaitForCircuitAsync(this IPage page) =>
        page.WaitForSelectorAsync("[data-circuit=ready]");
}
