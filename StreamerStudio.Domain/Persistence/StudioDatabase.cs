using Microsoft.Extensions.Hosting;

namespace StreamerStudio.Domain.Persistence;

/// <summary>The database the app uses: the configured one, or the embedded cluster it started itself.</summary>
public sealed class StudioDatabase(string connectionString, EmbeddedPostgres? embedded) : IHostedService
{
    public const string Name = "streamer_studio";

    public string ConnectionString { get; } = connectionString;

    public bool IsEmbedded => embedded is not null;

    public static StudioDatabase Resolve(string? configured, string dataFolder)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new StudioDatabase(configured, null);
        }

        // Start-up is synchronous here because every later registration needs the connection string.
        var embedded = EmbeddedPostgres.StartAsync(Path.Combine(dataFolder, "postgres")).GetAwaiter().GetResult();
        embedded.CreateDatabaseAsync(Name).GetAwaiter().GetResult();
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
