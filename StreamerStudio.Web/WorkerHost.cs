using StreamerStudio.Domain;

namespace StreamerStudio.Web;

/// <summary>
/// <c>--worker</c>: a process that only runs generation jobs, against the same database as the web app, so
/// rendering can scale out to other machines. It serves no pages.
/// </summary>
public static class WorkerHost
{
    public const string Switch = "--worker";

    public static IHost Create(string[] args) => CreateBuilder(args).Build();

    /// <summary>The worker's services, for a caller that changes some before building (the crash tests replace the renderer).</summary>
    public static HostApplicationBuilder CreateBuilder(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = typeof(WorkerHost).Assembly.GetName().Name,
            ContentRootPath = ContentRoot.Locate(),
        });
        builder.AddDomainServices();
        builder.AddBackgroundJobs(runServer: true);
        return builder;
    }
}
