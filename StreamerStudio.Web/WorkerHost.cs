using StreamerStudio.Domain;
using StreamerStudio.Domain.Observability;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Web;

/// <summary>
/// <c>--worker</c>: a process that only runs generation jobs, against the same database as the web app, so
/// rendering can scale out to other machines. It serves no pages.
/// </summary>
public static class WorkerHost
{
    public const string Switch = "--worker";

    public static async Task<IHost> CreateAsync(string[] args) => (await CreateBuilderAsync(args)).Build();

    /// <summary>The worker's services, for a caller that changes some before building (the crash tests replace the renderer).</summary>
    public static async Task<HostApplicationBuilder> CreateBuilderAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = typeof(WorkerHost).Assembly.GetName().Name,
            ContentRootPath = ContentRoot.Locate(),
        });
        builder.AddDomainServices(await StudioDatabase.StartAsync(builder), KeyRingCertificate.Load(builder, TimeProvider.System));
        builder.AddObservability();
        builder.AddBackgroundJobs(runServer: true);
        return builder;
    }
}
