using Microsoft.Extensions.Configuration;

namespace StreamerStudio.Domain.Persistence;

/// <summary>The database the app uses: the configured one, or the embedded cluster it started itself.</summary>
public sealed class StudioDatabase(string connectionString, EmbeddedPostgres? embedded) : IHostedService
{
    public const string Name = "streamer_studio";

    public string ConnectionString { get; } = connectionString;

    public bool IsEmbedded => embedded is not null;

    /// <summary>
    /// <c>ConnectionStrings:Default</c>, or else the embedded cluster in the data folder, started (and created on
    /// first use) here. The host calls this before it registers services, so that registering does no I/O.
    /// </summary>
    public static async Task<StudioDatabase> StartAsync(IHostApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString("Default");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new StudioDatabase(configured, null);
        }

        var embedded = await EmbeddedPostgres.StartAsync(Path.Combine(DataFolder.Of(builder), "postgres"));
        await embedded.CreateDatabaseAsync(Name);
        return new StudioDatabase(embedded.ConnectionString(Name), embedded);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The embedded cluster lives as long as the app; its data folder stays for the next run.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (embedded is not null)
        {
            await embedded.StopAsync();
        }
    }
}
