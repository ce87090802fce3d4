using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Copy;

public static class CopyServices
{
    /// <summary>Brand voice (samples, fingerprint, score) and the copy engine: a configured provider's, else the built-in one.</summary>
    public static IHostApplicationBuilder AddCopy(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VoiceStudio>();
        builder.Services.AddScoped<CopyWriter>().AddScoped<CopyLibrary>().AddScoped<AiUsageReport>();
        foreach (var section in new[] { CopyProviderOptions.Section, EmbeddingOptions.Section })
        {
            if (KeyInAppSettings(builder.Configuration, section))
            {
                throw new InvalidOperationException(
                    $"{section}:ApiKey is set in an appsettings file. Keep it out of files that are committed: use the environment ({section.Replace(":", "__", StringComparison.Ordinal)}__ApiKey) or user-secrets.");
            }
        }

        builder.Services.AddOptions<CopyProviderOptions>().BindConfiguration(CopyProviderOptions.Section)
            .Validate(o => o.Problem() is null, "Copy:Provider is not valid: set BaseUrl (absolute http(s)) and Model together, TimeoutSeconds 1–600.")
            .ValidateOnStart();
        builder.Services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.Section)
            .Validate(o => o.Problem() is null, "Copy:Embeddings is not valid: set BaseUrl (absolute http(s)) and Model together, TimeoutSeconds 1–600.")
            .ValidateOnStart();
        var embeddings = builder.Configuration.GetSection(EmbeddingOptions.Section).Get<EmbeddingOptions>();
        if (embeddings is { IsConfigured: true })
        {
            builder.Services.AddSingleton(sp => VoiceEmbeddings.CreateGenerator(sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value)!);
        }

        // Without a model the generator is absent and VoiceEmbeddings scores exactly as VoiceScorer does.
        builder.Services.AddSingleton(sp => new VoiceEmbeddings(sp.GetService<IEmbeddingGenerator<string, Embedding<float>>>(),
            sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<VoiceEmbeddings>>()));
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

    /// <summary>True when an appsettings*.json file (not user-secrets' secrets.json) gives the section's key.</summary>
    internal static bool KeyInAppSettings(IConfiguration configuration, string section = CopyProviderOptions.Section) =>
        configuration is IConfigurationRoot root && root.Providers.OfType<JsonConfigurationProvider>().Any(p =>
            Path.GetFileName(p.Source.Path ?? "").StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
            && p.TryGet($"{section}:ApiKey", out var key) && !string.IsNullOrWhiteSpace(key));
}
