using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Sandbox;

/// <summary>A channel the sandbox "platform" knows: the account whoever consents is signed in as.</summary>
public sealed record SandboxAccount(Platform Platform, string Id, string Login, string DisplayName, string Description, long Followers, long Views,
    long Videos, long Likes, DateTimeOffset CreatedAt)
{
    /// <summary>A data: image, so the avatar shows under the app's content security policy without a network.</summary>
    public string AvatarUrl => "data:image/svg+xml;base64," + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
        $"<svg xmlns='http://www.w3.org/2000/svg' width='96' height='96'><rect width='96' height='96' fill='#4a148c'/>" +
        $"<text x='48' y='62' font-size='44' text-anchor='middle' fill='#fff' font-family='sans-serif'>{DisplayName[0]}</text></svg>"));
}

/// <summary>All the sample data the sandbox serves, in one place; the sync's endpoints read it from here too.</summary>
public static class SandboxSamples
{
    public static readonly SandboxAccount Twitch = new(Platform.Twitch, "141981764", "pixelpilot", "PixelPilot",
        "Cozy indie games and pixel art, four nights a week.", 12_480, 0, 312, 0, new DateTimeOffset(2019, 3, 14, 18, 0, 0, TimeSpan.Zero));

    public static readonly SandboxAccount Youtube = new(Platform.Youtube, "UC_x5XG1OV2P6uZZ5FSM9Ttw", "@pixelpilot", "PixelPilot Plays",
        "Highlights and full runs from the PixelPilot stream.", 48_200, 3_912_044, 187, 0, new DateTimeOffset(2018, 7, 2, 12, 0, 0, TimeSpan.Zero));

    public static readonly SandboxAccount Tiktok = new(Platform.Tiktok, "-000fzXh7XoSQ6E1L0rO9ozg1gB-iYqsQ_0T", "pixelpilot.clips", "PixelPilot Clips",
        "Sixty seconds of the best bits.", 91_300, 0, 243, 1_204_551, new DateTimeOffset(2021, 1, 20, 9, 0, 0, TimeSpan.Zero));

    public static SandboxAccount For(Platform platform) => platform switch
    {
        Platform.Twitch => Twitch,
        Platform.Youtube => Youtube,
        _ => Tiktok,
    };
}
