using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL cluster per test run, in a temporary folder that is deleted when the run ends.
/// The schema is migrated once into a template database; every test class gets a fresh copy of it.
/// </summary>
public static class TestPostgres
{
    private const string Template = "studio_template";
    private static readonly Lazy<Task<EmbeddedPostgres>> Server = new(StartAsync);
    private static int _databases;

    public static async Task<string> CreateDatabaseAsync()
    {
        var server = await Server.Value;
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await server.CreateDatabaseAsync(name, Template);
        return server.ConnectionString(name);
    }

    /// <summary>A database with no schema at all, for a test that runs the migrations itself.</summary>
    public static async Task<string> CreateEmptyDatabaseAsync()
    {
        var server = await Server.Value;
        var name = $"empty_{Environment.ProcessId}_{Interlocked.Increment(ref _databases)}";
        await server.CreateDatabaseAsync(name);
        return server.ConnectionString(name);
    }

    private const string FolderPrefix = "streamer-studio-tests-";

    private static async Task<EmbeddedPostgres> StartAsync()
    {
        await RemoveClustersOfEndedRunsAsync();
        var folder = Path.Combine(Path.GetTempPath(), FolderPrefix + Environment.ProcessId);
        // Durability is worthless for a throwaway cluster; these settings make it several times faster. Each app
        // fixture has its own pools, job server and listener on this one cluster: on a loaded machine connections
        // stay open longer and 300 was seen to run out ("53300: too many clients") in full runs.
        var server = await EmbeddedPostgres.StartAsync(folder, "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=600");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            server.StopAsync().GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        };

        await server.CreateDatabaseAsync(Template);
        await using var db = CreateContext(server.ConnectionString(Template));
        await db.Database.MigrateAsync();
        // A template must have no open connections when it is copied.
        Npgsql.NpgsqlConnection.ClearAllPools();
        return server;
    }

    /// <summary>A run that was killed leaves its cluster behind; the next run stops it and frees the disk.</summary>
    private static async Task RemoveClustersOfEndedRunsAsync()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), FolderPrefix + "*"))
        {
            if (int.TryParse(Path.GetFileName(folder)[FolderPrefix.Length..], out var pid) && !Directory.Exists($"/proc/{pid}"))
            {
                try
                {
                    await EmbeddedPostgres.StopIfRunningAsync(folder);
                    Directory.Delete(folder, recursive: true);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Another test run started at the same moment is removing it too: it is going either way.
                }
            }
        }
    }

    public static StudioDbContext CreateContext(string connectionString) => new(
        new DbContextOptionsBuilder<StudioDbContext>()
            .UseNpgsql(connectionString)
            .UseSnakeCaseNamingConvention()
            .Options);
}

/// <summary>A clean database for one test class.</summary>
public sealed class DatabaseFixture : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";

    public StudioDbContext CreateContext() => TestPostgres.CreateContext(ConnectionString);

    public async Task InitializeAsync() => ConnectionString = await TestPostgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
