using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Domain.Copy;

namespace StreamerStudio.Tests.Copy;

/// <summary>A service as <c>AddCopy</c> registers it from the given settings (and, like appsettings, a JSON file), nothing else.</summary>
internal static class CopyRegistration
{
    public static T Resolve<T>(Dictionary<string, string?> settings, string? jsonFile = null) where T : notnull
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        if (jsonFile is not null)
        {
            builder.Configuration.AddJsonFile(jsonFile, optional: false, reloadOnChange: false);
        }

        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCopy();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<T>();
    }
}
