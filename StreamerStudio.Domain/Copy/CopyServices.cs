namespace StreamerStudio.Domain.Copy;

public static class CopyServices
{
    /// <summary>Brand voice (samples, fingerprint, score) and the copy engines.</summary>
    public static IHostApplicationBuilder AddCopy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VoiceStudio>();
        // Until providers are configured the built-in engine is the one; provider engines will implement ICopyEngine too.
        builder.Services.AddSingleton<ICopyEngine, BuiltInCopyEngine>();
        return builder;
    }
}
