using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Copy;

public static class CopyServices
{
    /// <summary>Brand voice (samples, fingerprint, score) and the copy engine: a configured provider's, else the built-in one.</summary>
    public static IHostApplicationBuilder AddCopy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VoiceStudio>();
        builder.Services.AddScoped<CopyWriter>().AddScoped<CopyLibrary>().AddScoped<AiUsageReport>();
        if (KeyInAppSettings(builder.Configuration))
        {
            throw new InvalidOperationException(
                $"{CopyProviderOptions.Section}:ApiKey is set in an appsettings file. Keep it out of files that are committed: use the environment (Copy__Provider__ApiKey) or user-secrets.");
        }

        builder.Services.AddOptions<CopyProviderOptions>().BindConfiguration(CopyProviderOptions.Section)
            .Validate(o => o.Problem() is null, "Copy:Provider is not valid: set BaseUrl (absolute http(s)) and Model together, TimeoutSeconds 1–600.")
            .ValidateOnStart();
        builder.Services.AddSingleton<BuiltInCopyEngine>();
        var provider = builder.Configuration.GetSection(CopyProviderOptions.Section).Get<CopyProviderOptions>();
        if (provider is { IsConfigured: true })
        {
            builder.Services.AddSingleton<ICopyEngine>(sp =>
                OpenAiCopyEngine.Create(sp.GetRequiredService<IOptions<CopyProviderOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            builder.Services.AddSingleton<ICopyEngine>(sp => sp.GetRequiredService<BuiltInCopyEngine>());
        }

        return builder;
    }

    /// <summary>True when an appsettings*.json file (not user-secrets' secrets.json) gives the provider's key.</summary>
    internal static bool KeyInAppSettings(IConfiguration configuration) =>
        configuration is IConfigurationRoot root && root.Providers.OfType<JsonConfigurationProvider>().Any(p =>
            Path.GetFileName(p.Source.Path ?? "").StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
            && p.TryGet($"{CopyProviderOptions.Section}:ApiKey", out var key) && !string.IsNullOrWhiteSpace(key));
}
