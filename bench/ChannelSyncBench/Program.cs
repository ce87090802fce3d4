using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Domain.Platforms;
using StreamerStudio.Domain.Platforms.Sync;

// 1,000 Twitch connections due at once, synced by ChannelSync against a fake Helix on 127.0.0.1 (Kestrel, real wire
// format, 20 VODs and 20 clips per channel, answers at once): time to drain, API calls and database commands per
// connection. Starts its own throwaway PostgreSQL; nothing is left behind.
// Usage: dotnet run -c Release --project bench/ChannelSyncBench [connections] [concurrency]
var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 4;
var folder = Path.Combine(Path.GetTempPath(), $"channel-sync-bench-{Environment.ProcessId}");
var postgres = await EmbeddedPostgres.StartAsync(folder, "fsync=off", "synchronous_commit=off", "max_connections=200");

var apiCalls = 0;
var fake = WebApplication.CreateSlimBuilder();
fake.Logging.ClearProviders();
fake.WebHost.UseUrls("http://127.0.0.1:0");
var helix = fake.Build();
string UserOf(HttpContext http) => http.Request.Headers.Authorization.ToString()["Bearer t-".Length..];
helix.Use((http, next) => { Interlocked.Increment(ref apiCalls); return next(http); });
helix.MapGet("/helix/users", (HttpContext http) => Results.Json(new
{
    data = new[] { new { id = UserOf(http), login = "u" + UserOf(http)[..8], display_name = "Creator", description = "", profile_image_url = "https://x/p.png" } },
}));
helix.MapGet("/helix/channels/followers", () => Results.Json(new { total = 1234, data = Array.Empty<object>(), pagination = new { } }));
helix.MapGet("/helix/videos", (HttpContext http) => Results.Json(new
{
    data = Enumerable.Range(0, 20).Select(i => new { id = $"{UserOf(http)}-v{i}", title = $"Stream {i} ranked grind", description = "", url = "https://x/v",
        thumbnail_url = "https://x/%{width}x%{height}.jpg", view_count = 100 + i, type = "archive", duration = "2h3m4s",
        created_at = DateTimeOffset.UtcNow.AddDays(-i), published_at = DateTimeOffset.UtcNow.AddDays(-i) }),
    pagination = new { },
}));
helix.MapGet("/helix/clips", (HttpContext http) => Results.Json(new
{
    data = Enumerable.Range(0, 20).Select(i => new { id = $"{UserOf(http)}-c{i}", title = $"Clip {i} clutch", url = "https://x/c", thumbnail_url = "https://x/c.jpg",
        view_count = 10 + i, duration = 29.5, created_at = DateTimeOffset.UtcNow.AddDays(-i) }),
    pagination = new { },
}));
await helix.StartAsync();
var helixUrl = helix.Urls.Single();

try
{
    await postgres.CreateDatabaseAsync("bench");
    var commands = new CommandCounter();
    var options = new DbContextOptionsBuilder<StudioDbContext>()
        .UseNpgsql(postgres.ConnectionString("bench")).UseSnakeCaseNamingConvention()
        .AddInterceptors(new ClockStamps(TimeProvider.System), commands).Options;
    var factory = new PooledDbContextFactory<StudioDbContext>(options);
    // The sync takes its tokens from ChannelConnections, as in the app: stored encrypted, valid for hours (no refresh here).
    var dataProtection = new EphemeralDataProtectionProvider();
    var tokens = dataProtection.CreateProtector("StreamerStudio.PlatformTokens");
    await using (var db = factory.CreateDbContext())
    {
        await db.Database.MigrateAsync();
        for (var i = 0; i < count; i++)
        {
            var user = new User { UserName = $"c{i}@example.com", Email = $"c{i}@example.com" };
            db.Users.Add(user);
            var id = Guid.CreateVersion7();
            db.PlatformConnections.Add(new PlatformConnection
            {
                Id = id, User = user, Platform = Platform.Twitch, PlatformUserId = $"{i}",
                AccessTokenEncrypted = tokens.Protect($"t-{id:N}"), TokenExpiresAt = DateTimeOffset.UtcNow.AddHours(4),
            });
        }

        await db.SaveChangesAsync();
    }

    var apiOptions = Options.Create(new PlatformsOptions { Twitch = { ApiBaseUrl = $"{helixUrl}/helix", ClientId = "bench" } });
    var http = new HttpClient();
    var connections = new ChannelConnections(factory, dataProtection,
        new PlatformApi(new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>(),
            new OptionsMonitor<PlatformsOptions>(new OptionsFactory<PlatformsOptions>([], []), [], new OptionsCache<PlatformsOptions>()),
            TimeProvider.System, NullLogger<PlatformApi>.Instance),
        new StreamerStudio.Domain.Admin.AuditTrail(factory, new StreamerStudio.Domain.Admin.RequestOrigin()),
        new StreamerStudio.Domain.Notifications.NotificationService(factory, TimeProvider.System), TimeProvider.System,
        NullLogger<ChannelConnections>.Instance);
    var sync = new ChannelSync(factory, connections, new TwitchApi(http, apiOptions, TimeProvider.System),
        new YoutubeApi(http, apiOptions, TimeProvider.System), new TiktokApi(http, apiOptions, TimeProvider.System),
        Options.Create(new ChannelSyncOptions { Concurrency = concurrency, RunBudget = TimeSpan.FromMinutes(30) }),
        new StreamerStudio.Domain.Notifications.NotificationService(factory, TimeProvider.System), TimeProvider.System,
        NullLogger<ChannelSync>.Instance);

    commands.Count = 0;
    var watch = Stopwatch.StartNew();
    var run = await sync.RunAsync();
    watch.Stop();

    await using var check = factory.CreateDbContext();
    var items = await check.ContentItems.CountAsync();
    Console.WriteLine($"Channel sync benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, PostgreSQL and the fake on the same machine.");
    Console.WriteLine($"{count} Twitch connections due at once, concurrency {concurrency}: synced {run.Synced}, failed {run.Failed}, {items} content items stored.");
    Console.WriteLine($"time to drain: {watch.Elapsed.TotalSeconds:F1} s ({run.Synced / watch.Elapsed.TotalSeconds:F0} connections/s)");
    Console.WriteLine($"API calls per connection: {(double)apiCalls / count:F2}");
    Console.WriteLine($"database commands per connection: {(double)commands.Count / count:F2}");
}
finally
{
    await helix.StopAsync();
    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}

/// <summary>Every command EF sends to PostgreSQL (a round trip each, batched statements counting once).</summary>
sealed class CommandCounter : DbCommandInterceptor
{
    public int Count;

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Count);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Count);
        return base.NonQueryExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref Count);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }
}
