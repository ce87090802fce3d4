namespace StreamerStudio.Domain.Copy;

public static class CopyServices
{
    /// <summary>Brand voice (samples, fingerprint, score) and the copy engines.</summary>
    public static IHostApplicationBuilder AddCopy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VoiceStudio>();
        return builder;
    }
}
