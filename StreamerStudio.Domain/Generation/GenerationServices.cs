using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.Generation;

public static class GenerationServices
{
    /// <summary>Submitting, rendering and recovering generation jobs, and the events pages hear them by.</summary>
    public static IHostApplicationBuilder AddGeneration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddRendering();
        services.AddOptions<GenerationOptions>()
            .BindConfiguration(GenerationOptions.Section)
            .Validate(o => o.RetryDelays.All(d => d >= 0), "Generation:RetryDelaysSeconds must not be negative.")
            .Validate(o => o.WorkerCount >= 1, "Generation:WorkerCount must be at least 1.")
            // Hangfire renews a fetched job at most once a second and counts its timeout in whole seconds.
            .Validate(o => o.WorkerTimeoutSeconds >= 3, "Generation:WorkerTimeoutSeconds must be at least 3.")
            .ValidateOnStart();
        // Listening (the hosted service) is the web host's business: see WebServices.
        services.AddSingleton<JobEvents>();
        services.AddScoped<GenerationService>();
        services.AddScoped<GenerationPreview>();
        services.AddTransient<GenerationWorker>();
        services.AddTransient<JobQueue>();
        return builder;
    }
}
