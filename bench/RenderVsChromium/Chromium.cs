using Microsoft.Playwright;
using StreamerStudio.Domain.Generation;

namespace RenderVsChromium;

/// <summary>
/// Debian's Chromium driven by Playwright, the way a browser-based renderer works: warm pages, the fonts loaded
/// once, then per thumbnail <c>SetContentAsync</c> with the design's HTML and a screenshot. Playwright never
/// downloads a browser here; it starts /usr/bin/chromium with the flags the browser tests use.
/// </summary>
internal sealed class Chromium(IPlaywright playwright, IBrowser browser, IReadOnlyList<ChromiumPage> pages) : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";
    public const int JpegQuality = 90;
    public const int WebpQuality = 80;

    public string Version => browser.Version;

    public IReadOnlyList<ChromiumPage> Pages => pages;

    public static async Task<Chromium> StartAsync(int pageCount)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                // This machine's network is closed; without these Chromium floods it with refused connections.
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });

        var pages = new List<ChromiumPage>();
        for (var i = 0; i < pageCount; i++)
        {
            pages.Add(await ChromiumPage.OpenAsync(browser));
        }

        return new Chromium(playwright, browser, pages);
    }

    public async ValueTask DisposeAsync()
    {
        await browser.CloseAsync();
        playwright.Dispose();
    }
}

/// <summary>One warm page with the design's fonts in its font set and a CDP session for WebP, which Playwright's screenshot lacks.</summary>
internal sealed class ChromiumPage(IPage page, ICDPSession cdp)
{
    public static async Task<ChromiumPage> OpenAsync(IBrowser browser)
    {
        // A context per page gives each page its own renderer process, as a pool of browser workers would have.
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = ThumbnailDesign.Spec.Width, Height = ThumbnailDesign.Spec.Height } });
        var page = await context.NewPageAsync();
        await page.SetContentAsync("<!DOCTYPE html><html><body></body></html>");
        // The same TTF bytes as our renderer, added to the document's font set once and awaited once
        // (document.fonts.ready); SetContentAsync rewrites the document but keeps its font set.
        await page.EvaluateAsync(
            """
            async fonts => {
              for (const f of fonts) {
                const face = new FontFace(f.family, `url(data:font/ttf;base64,${f.ttf})`, { weight: f.weight });
                document.fonts.add(await face.load());
              }
              await document.fonts.ready;
            }
            """,
            ThumbnailDesign.Fonts.Select(f => new { family = f.Family, weight = f.Weight, ttf = Convert.ToBase64String(f.Ttf) }).ToArray());
        var cdp = await context.NewCDPSessionAsync(page);
        return new ChromiumPage(page, cdp);
    }

    /// <summary>Sets the page's content and takes the screenshot in the format asked for; the bytes are the asset.</summary>
    public async Task<byte[]> RenderAsync(string html, AssetFormat format)
    {
        await page.SetContentAsync(html);
        return format switch
        {
            AssetFormat.Jpeg => await page.ScreenshotAsync(new() { Type = ScreenshotType.Jpeg, Quality = Chromium.JpegQuality }),
            AssetFormat.Png => await page.ScreenshotAsync(new() { Type = ScreenshotType.Png }),
            _ => await WebpAsync(),
        };
    }

    /// <summary>True when both bench fonts are in the page's font set and loaded: checked after a SetContentAsync, before timing.</summary>
    public Task<bool> FontsLoadedAsync() => page.EvaluateAsync<bool>(
        "() => [...document.fonts].filter(f => f.family.includes('Bench') && f.status === 'loaded').length === 2");

    private async Task<byte[]> WebpAsync()
    {
        var result = await cdp.SendAsync("Page.captureScreenshot", new() { ["format"] = "webp", ["quality"] = Chromium.WebpQuality })
            ?? throw new InvalidOperationException("Page.captureScreenshot returned nothing.");
        return Convert.FromBase64String(result.GetProperty("data").GetString()!);
    }
}
