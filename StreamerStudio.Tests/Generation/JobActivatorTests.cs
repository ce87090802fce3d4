using Hangfire;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Generation;

/// <summary>
/// Two apps in one process (every test run has dozens) must each build their jobs from their own services. Hangfire's
/// default activator is the process-wide <c>JobActivator.Current</c>, which each app's configuration overwrites: an app
/// whose job server started after another app's configuration ran rendered its jobs against the other app's database,
/// and its own job stayed handed out and never claimed (the accessibility fixture's "status Queued, 0 attempts" in CI).
/// </summary>
public sealed class JobActivatorTests
{
    private sealed class Marker;

    [Fact]
    public void Each_app_builds_its_jobs_from_its_own_services_whichever_was_configured_last()
    {
        static IServiceProvider App()
        {
            var builder = Host.CreateApplicationBuilder();
            builder.AddBackgroundJobs(runServer: false);
            builder.Services.AddSingleton<Marker>();
            return builder.Build().Services;
        }

        var first = App();
        var second = App();
        // As when two apps start side by side: the second app's Hangfire configuration runs after the first's.
        first.GetRequiredService<IGlobalConfiguration>();
        second.GetRequiredService<IGlobalConfiguration>();

#pragma warning disable CS0618 // the context-free overload is enough to see which services a scope resolves from
        using var scope = first.GetRequiredService<JobActivator>().BeginScope();
#pragma warning restore CS0618
        Assert.Same(first.GetRequiredService<Marker>(), scope.Resolve(typeof(Marker)));
    }
}
