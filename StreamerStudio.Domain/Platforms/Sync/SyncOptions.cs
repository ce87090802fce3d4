namespace StreamerStudio.Domain.Platforms.Sync;

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
