using Microsoft.Extensions.DependencyInjection.Extensions;
using StreamerStudio.Domain.Platforms.Sync;

namespace StreamerStudio.Domain.Platforms;

public static class PlatformsServices
{
    public static IHostApplicationBuilder AddPlatforms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlatformConnectionService>();

        // Stats and content sync (issue 13, i13-sync).
        builder.Services.AddOptions<PlatformApiOptions>().BindConfiguration("Platforms");
        builder.Services.AddOptions<ChannelSyncOptions>().BindConfiguration("Platforms:Sync")
            .Validate(o => o.Concurrency > 0 && o.MaxContentPages > 0 && o.HistoryDays > 0, "Platforms:Sync needs positive Concurrency, MaxContentPages and HistoryDays.")
            .ValidateOnStart();
        builder.Services.AddHttpClient<TwitchApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient<YoutubeApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient<TiktokApi>(http => http.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddTransient<ChannelSync>();
        builder.Services.AddSingleton<SyncedChannels>();
        // TEMPORARY until the connect work registers its own token seam (with refresh).
        builder.Services.TryAddSingleton<IChannelTokens, StoredChannelTokens>();
        return builder;
    }
}
