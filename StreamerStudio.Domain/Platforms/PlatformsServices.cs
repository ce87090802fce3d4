
namespace StreamerStudio.Domain.Platforms;

public static class PlatformsServices
{
    public static IHostApplicationBuilder AddPlatforms(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PlatformConnectionService>();
        return builder;
    }
}
