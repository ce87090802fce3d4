using StreamerStudio.Domain;

namespace StreamerStudio.Web;

/// <summary>
/// <c>--worker</c>: a process that only runs generation jobs, against the same database as the web app, so
/// rendering can scale out to other machines. It serves no pages.
/// </summary>
public static class WorkerHost
{
    public const string Switch = "--worker";

    public static IHost Create(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = typeof(WorkerHost).Assembly.GetName().Name,
            ContentRootPath = ContentRoot.Locate(),
        });
        builder.AddDomainServices();
        builder.AddBackgroundJobs(runServer: true);
        return builder.Build();
    }
}
