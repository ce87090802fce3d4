
namespace StreamerStudio.Domain.Generation.Rendering;

public static class RenderingServices
{
    /// <summary>The built-in renderer, and the AI background provider (off unless AiBackground:BaseUrl, ApiKey and Model are set).</summary>
    public static IHostApplicationBuilder AddRendering(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IAssetRenderer, AssetRenderer>();
        builder.Services.AddOptions<AiBackgroundOptions>().BindConfiguration(AiBackgroundOptions.Section);
        // Image generation is slow; the default 100 s is too tight for some providers' larger sizes.
        builder.Services.AddHttpClient<IBackgroundProvider, OpenAiBackgroundProvider>(client => client.Timeout = TimeSpan.FromSeconds(180));
        return builder;
    }
}
