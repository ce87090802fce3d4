using Microsoft.Playwright;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium, started once per test run by Playwright through its executable path: Playwright never
/// downloads a browser here. The test command installs Chromium when it is missing.
/// </summary>
public static class Browser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly Lazy<Task<IBrowser>> Instance = new(LaunchAsync);

    /// <summary>A fresh, isolated browser context (its own cookies), like a separate person.</summary>
    public static async Task<IBrowserContext> NewContextAsync(string baseUrl)
    {
        var browser = await Instance.Value;
        var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
        // Generous: the whole suite shares two cores with rendering tests, and a busy machine is not a failure.
        context.SetDefaultTimeout(30_000);
        return context;
    }

    private static async Task<IBrowser> LaunchAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run the tests with ./test.sh, which installs it.");
        }

        Assertions.SetDefaultExpectTimeout(20_000);
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                // This machine's network is closed; without these Chromium floods it with refused connections.
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        });
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            browser.CloseAsync().GetAwaiter().GetResult();
            playwright.Dispose();
        };
        return browser;
    }
}
