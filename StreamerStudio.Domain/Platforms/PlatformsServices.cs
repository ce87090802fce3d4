
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
        return builder;
    }
}
