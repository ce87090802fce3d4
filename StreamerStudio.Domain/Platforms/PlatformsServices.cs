using StreamerStudio.Domain.Platforms.Sync;

namespace StreamerStudio.Domain.Platforms;

public static class PlatformsServices
{
    /// <summary>Twitch, YouTube and TikTok: their app registrations (checked at start-up), the OAuth calls and the connections.</summary>
    public static IHostApplicationBuilder AddPlatforms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<PlatformsOptions>().BindConfiguration(PlatformsOptions.Section)
            .Validate(o => o.Problem() is null, "Platforms settings are incomplete: set ClientId and ClientSecret together, and absolute URLs.")
            .ValidateOnStart();
        // A platform that hangs must not hold a page or a sync for minutes.
        builder.Services.AddHttpClient(PlatformApi.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(20));
        builder.Services.AddSingleton<PlatformApi>();
        builder.Services.AddScoped<ChannelConnections>();
        builder.Services.AddScoped<ChannelChanges>();

        // Stats and content sync: the same PlatformsOptions say where each platform's API lives.
        builder.Services.AddOptions<ChannelSyncOptions>().BindConfiguration("Platforms:Sync")
            .Validate(o => o.Concurrency > 0 && o.MaxContentPages > 0 && o.HistoryDays > 0, "Platforms:Sync needs positive Concurrency, MaxContentPages and HistoryDays.")
            .ValidateOnStart();
        builder.Services.AddHttpClient<TwitchApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient<YoutubeApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient<TiktokApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        // Scoped like ChannelConnections, whose token refresh it uses.
        builder.Services.AddScoped<ChannelSync>();
        builder.Services.AddSingleton<SyncedChannels>();
        return builder;
    }
}
