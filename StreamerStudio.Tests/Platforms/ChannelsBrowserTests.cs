using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace StreamerStudio.Tests.Platforms;

/// <summary>A creator connects Twitch through the platform sandbox's consent page and disconnects it again, in Chromium.</summary>
public sealed class ChannelsBrowserTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    [Fact]
    public async Task A_creator_connects_twitch_in_the_sandbox_sees_the_card_and_disconnects_it()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/channels");
        await page.WaitForCircuitAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Channels", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("channels-empty")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Connect Twitch (Sandbox)" }).ClickAsync();

        await Expect(page.GetByTestId("sandbox-consent")).ToContainTextAsync("Sandbox");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "channel:read:subscriptions" })).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Allow" }).ClickAsync();

        await Expect(page.GetByTestId("connect-outcome")).ToContainTextAsync("Twitch account PixelPilot connected.");
        var card = page.GetByTestId("channel-card");
        await Expect(card.GetByTestId("channel-name")).ToHaveTextAsync("PixelPilot");
        await Expect(card.GetByTestId("channel-status")).ToHaveTextAsync("Connected");
        await Expect(page.GetByTestId("connect-youtube").GetByRole(AriaRole.Button)).ToBeDisabledAsync();

        await page.WaitForCircuitAsync();
        await card.GetByTestId("disconnect").ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Disconnect" }).ClickAsync();

        await Expect(page.GetByTestId("channel-card")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("channels-empty")).ToBeVisibleAsync();
    }
}
