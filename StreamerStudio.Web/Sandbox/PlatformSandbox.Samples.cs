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

/// <summary>A video, VOD, clip or TikTok the sandbox's sample account has published.</summary>
public sealed record SandboxVideo(string Id, string Title, string Description, IReadOnlyList<string> Tags, long Views, long Likes, long Comments,
    int DurationSeconds, DateTimeOffset PublishedAt);

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

    /// <summary>The sample account's recent content on that platform, newest first (fixed, so tests can name a video).</summary>
    public static IReadOnlyList<SandboxVideo> Videos(Platform platform) => platform switch
    {
        Platform.Twitch => TwitchVideos,
        Platform.Youtube => YoutubeVideos,
        _ => TiktokVideos,
    };

    private static readonly DateTimeOffset Recent = new(2026, 11, 20, 18, 0, 0, TimeSpan.Zero);

    private static readonly SandboxVideo[] YoutubeVideos =
    [
        new("dQw4sbx0001", "I Beat Hollow Knight Without Taking Damage", "The full no-hit run, with the three attempts that nearly made it.",
            ["hollow knight", "no hit", "speedrun"], 184_220, 9_410, 612, 1_934, Recent),
        new("dQw4sbx0002", "Celeste Chapter 9 — Every Golden Strawberry", "All goldens in one sitting. Chat was not calm.",
            ["celeste", "golden strawberry"], 96_004, 5_120, 288, 2_710, Recent.AddDays(-4)),
        new("dQw4sbx0003", "Stardew Valley, But Every Crop Is Random", "A modded playthrough where nothing grows as planned.",
            ["stardew valley", "modded"], 61_870, 3_002, 190, 1_512, Recent.AddDays(-9)),
        new("dQw4sbx0004", "Building a Pixel Art Castle Live", "Six hours of pixels, condensed.", ["pixel art", "timelapse"], 22_515, 1_406, 77, 845,
            Recent.AddDays(-15)),
    ];

    private static readonly SandboxVideo[] TwitchVideos =
    [
        new("2279301001", "Cozy Sunday: Stardew co-op with chat", "", [], 3_210, 0, 0, 14_400, Recent.AddDays(-1)),
        new("2279301002", "Hollow Knight no-hit attempts (it happened!)", "", [], 5_884, 0, 0, 18_020, Recent.AddDays(-3)),
        new("2279301003", "Pixel art castle build", "", [], 1_902, 0, 0, 21_600, Recent.AddDays(-15)),
    ];

    private static readonly SandboxVideo[] TiktokVideos =
    [
        new("7311000000000000001", "the no-hit moment #hollowknight", "the no-hit moment #hollowknight", [], 402_118, 61_204, 1_880, 34, Recent.AddDays(-2)),
        new("7311000000000000002", "when the golden strawberry finally drops", "when the golden strawberry finally drops #celeste", [], 158_930, 22_471, 640, 21,
            Recent.AddDays(-5)),
    ];
}
