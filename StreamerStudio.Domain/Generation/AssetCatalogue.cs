using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Generation;

/// <summary>A pixel rectangle inside an asset: where text and logos are safe from platform chrome and crops.</summary>
public readonly record struct SafeArea(int X, int Y, int Width, int Height)
{
    public int Right => X + Width;
    public int Bottom => Y + Height;
}

/// <summary>What a platform expects of one kind of asset.</summary>
public sealed record AssetSpec(
    AssetType Type,
    Platform Platform,
    string Name,
    int Width,
    int Height,
    IReadOnlyList<AssetFormat> Formats,
    long MaxBytes,
    SafeArea SafeArea,
    bool Transparent,
    string Guidance);

/// <summary>Every asset type we make, with its platform's spec. The one table the renderer, the UI and the checks read.</summary>
public static class AssetCatalogue
{
    private const long Megabyte = 1024 * 1024;
    private static readonly AssetFormat[] AnyFormat = [AssetFormat.Png, AssetFormat.Jpeg, AssetFormat.Webp];

    public static readonly IReadOnlyList<AssetSpec> All =
    [
        new(AssetType.Thumbnail, Platform.Youtube, "YouTube thumbnail", 1280, 720,
            [AssetFormat.Jpeg, AssetFormat.Png, AssetFormat.Webp], 2 * Megabyte,
            // The duration badge covers the bottom-right corner; keep a margin everywhere else.
            new SafeArea(64, 48, 1152, 560), false,
            "JPG or PNG up to 2 MB; the bottom-right corner is covered by the video length."),
        new(AssetType.Overlay, Platform.Twitch, "Twitch stream overlay", 1920, 1080,
            [AssetFormat.Png], 10 * Megabyte,
            new SafeArea(48, 48, 1824, 984), true,
            "Transparent PNG drawn over the stream: keep the centre clear for gameplay."),
        new(AssetType.Banner, Platform.Youtube, "YouTube channel banner", 2560, 1440,
            AnyFormat, 6 * Megabyte,
            // The only area visible on every device: 1546×423, centred.
            new SafeArea((2560 - 1546) / 2, (1440 - 423) / 2, 1546, 423), false,
            "2560×1440; only the centred 1546×423 shows on every device."),
        new(AssetType.Banner, Platform.Twitch, "Twitch profile banner", 1200, 480,
            AnyFormat, 10 * Megabyte,
            new SafeArea(60, 40, 1080, 400), false,
            "1200×480 profile banner."),
        new(AssetType.OfflineScreen, Platform.Twitch, "Twitch offline screen", 1920, 1080,
            AnyFormat, 10 * Megabyte,
            new SafeArea(96, 96, 1728, 888), false,
            "Shown while you are offline; up to 10 MB."),
        new(AssetType.StoryGraphic, Platform.Tiktok, "Story graphic", 1080, 1920,
            AnyFormat, 4 * Megabyte,
            // Stories put the profile row on top (~250 px) and replies/captions at the bottom (~340 px).
            new SafeArea(60, 250, 960, 1920 - 250 - 340), false,
            "1080×1920; keep ~250 px at the top and ~340 px at the bottom clear."),
        new(AssetType.ClipCover, Platform.Tiktok, "Clip cover", 1080, 1920,
            AnyFormat, 4 * Megabyte,
            new SafeArea(60, 250, 960, 1920 - 250 - 340), false,
            "1080×1920 cover for short clips; same clear zones as stories."),
    ];

    /// <summary>
    /// The spec for an asset type: on the given platform where the type exists there (banners: YouTube or
    /// Twitch), else on the type's usual platform.
    /// </summary>
    public static AssetSpec For(AssetType type, Platform? platform = null) =>
        All.FirstOrDefault(s => s.Type == type && s.Platform == platform)
        ?? All.FirstOrDefault(s => s.Type == type)
        ?? throw new ArgumentOutOfRangeException(nameof(type), $"There is no asset type {type}.");

    /// <summary>The asset types in the order the Generate page offers them.</summary>
    public static IReadOnlyList<AssetType> Types => All.Select(s => s.Type).Distinct().ToList();

    public static bool Exists(AssetType type, Platform? platform) =>
        All.Any(s => s.Type == type && (platform is null || s.Platform == platform));
}
