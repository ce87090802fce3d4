namespace StreamerStudio.Domain.Platforms.Sync;

/// <summary>Where the platforms' APIs live (section <c>Platforms</c>): the real hosts unless a test or sandbox says otherwise.</summary>
public sealed class PlatformApiOptions
{
    public TwitchApiOptions Twitch { get; set; } = new();
    public YoutubeApiOptions Youtube { get; set; } = new();
    public TiktokApiOptions Tiktok { get; set; } = new();
}

public sealed class TwitchApiOptions
{
    public string ApiBaseUrl { get; set; } = "https://api.twitch.tv/helix";
    /// <summary>Sent as <c>Client-Id</c> with every Helix call; the same id the connect flow uses.</summary>
    public string ClientId { get; set; } = "";
}

public sealed class YoutubeApiOptions
{
    public string ApiBaseUrl { get; set; } = "https://www.googleapis.com/youtube/v3";
    public string AnalyticsBaseUrl { get; set; } = "https://youtubeanalytics.googleapis.com/v2";
    /// <summary>
    /// Quota units per call, as Google counts them today (1 per call plus 2 per part asked for; the docs disagree, so
    /// these are settings). Used to stop a sync before it spends more than <see cref="UnitsPerSync"/>.
    /// </summary>
    public int ChannelsListUnits { get; set; } = 7;
    public int PlaylistItemsListUnits { get; set; } = 3;
    public int VideosListUnits { get; set; } = 7;
    public int UnitsPerSync { get; set; } = 60;
}

public sealed class TiktokApiOptions
{
    public string ApiBaseUrl { get; set; } = "https://open.tiktokapis.com/v2";
}

/// <summary>How the stats sync paces itself (section <c>Platforms:Sync</c>).</summary>
public sealed class ChannelSyncOptions
{
    /// <summary>Connections synced at once by one job run; the rest wait for a free slot.</summary>
    public int Concurrency { get; set; } = 4;
    /// <summary>One connection may take this long, API calls and writes together, before it counts as failed.</summary>
    public TimeSpan ConnectionTimeout { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>A job run stops picking new connections after this long, so a minute's run hands over to the next.</summary>
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromSeconds(50);
    /// <summary>Pages of recent content read per channel and list on each sync.</summary>
    public int MaxContentPages { get; set; } = 3;
    /// <summary>The first retry after a failure; each failure in a row doubles it, up to a day.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>A creator's "refresh now" is honoured at most this often per channel.</summary>
    public TimeSpan SyncNowInterval { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Days of history kept per channel.</summary>
    public int HistoryDays { get; set; } = 90;
}
