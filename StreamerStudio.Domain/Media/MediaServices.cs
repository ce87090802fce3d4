namespace StreamerStudio.Domain.Media;

public static class MediaServices
{
    /// <summary>The creator's media library (its files go through the same storage as assets).</summary>
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MediaLibrary>();
        return builder;
    }
}
