using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;

// Issue 16's figures: the bell's unread count and the first page of notifications for a creator with 10,000 of them
// (server time: the whole NotificationService call, from the same process), EXPLAIN ANALYZE of the queries it sends,
// and the fan-out of one notification event to 1,000 open pages of that creator through the real NOTIFY/LISTEN path.
// Starts its own throwaway PostgreSQL; nothing is left behind.
// Usage: dotnet run -c Release --project bench/NotificationBench [calls] [subscribers] [events]
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 500;
var subscriberCount = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1000;
var eventCount = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50;
const int OwnNotifications = 10_000;
// Other creators' rows in the same table, so an index on user_id has something to skip.
const int OtherCreators = 20, OtherNotificationsEach = 2_000;

var folder = Path.Combine(Path.GetTempPath(), $"notification-bench-{Environment.ProcessId}");
var postgres = await EmbeddedPostgres.StartAsync(folder, "fsync=off", "synchronous_commit=off");
try
{
    await postgres.CreateDatabaseAsync("bench");
    var connectionString = postgres.ConnectionString("bench");
    var recorder = new CommandRecorder();
    var options = new DbContextOptionsBuilder<StudioDbContext>()
        .UseNpgsql(connectionString).UseSnakeCaseNamingConvention()
        .AddInterceptors(new ClockStamps(TimeProvider.System), recorder).Options;
    var factory = new PooledDbContextFactory<StudioDbContext>(options);
    var notifications = new NotificationService(factory, TimeProvider.System);

    var creator = Guid.Empty;
    await using (var db = factory.CreateDbContext())
    {
        await db.Database.MigrateAsync();
    }

    var kinds = Enum.GetValues<NotificationKind>();
    var start = DateTimeOffset.UtcNow.AddDays(-80);
    for (var c = 0; c <= OtherCreators; c++)
    {
        await using var db = factory.CreateDbContext();
        var user = new User { UserName = $"c{c}@example.com", Email = $"c{c}@example.com" };
        db.Users.Add(user);
        var rows = c == 0 ? OwnNotifications : OtherNotificationsEach;
        for (var i = 0; i < rows; i++)
        {
            // About one in eight unread, as for a creator who opens the bell now and then; every kind present.
            db.Notifications.Add(new Notification
            {
                Id = Guid.CreateVersion7(), User = user, Kind = kinds[i % kinds.Length],
                Title = $"Your pack {i} is ready", Message = $"Stream pack {i}: five assets rendered and waiting in the gallery.",
                Link = "/jobs", IsRead = i % 8 != 0, CreatedAt = start.AddMinutes(i * 11.5),
            });
        }

        await db.SaveChangesAsync();
        if (c == 0)
        {
            creator = user.Id;
        }
    }

    await using (var db = factory.CreateDbContext())
    {
        await db.Database.ExecuteSqlRawAsync("ANALYZE notifications");
    }

    var unreadCount = await notifications.UnreadCountAsync(creator);
    Console.WriteLine($"Notification benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
    Console.WriteLine($"Creator with {OwnNotifications:N0} notifications ({unreadCount:N0} unread), {OtherCreators} other creators with {OtherNotificationsEach:N0} each; PostgreSQL on the same machine.");
    Console.WriteLine();

    // Server time of each call as a page makes it: one context from the pool, the query, materialisation.
    var cases = new (string Name, Func<Task> Call)[]
    {
        ("unread count (bell badge)", () => notifications.UnreadCountAsync(creator)),
        ("latest 10 (bell panel)", () => notifications.LatestAsync(creator)),
        ("first page of 20 (Notifications page: count + page)", () => notifications.ListAsync(creator, new NotificationFilter())),
        ("first page of 20, unread only", () => notifications.ListAsync(creator, new NotificationFilter(UnreadOnly: true))),
    };
    Console.WriteLine($"| call ({calls} calls each, after 20 warm-up) | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|");
    foreach (var (name, call) in cases)
    {
        for (var i = 0; i < 20; i++)
        {
            await call();
        }

        var times = new double[calls];
        for (var i = 0; i < calls; i++)
        {
            var watch = Stopwatch.StartNew();
            await call();
            times[i] = watch.Elapsed.TotalMilliseconds;
        }

        Array.Sort(times);
        Console.WriteLine($"| {name} | {Percentile(times, 0.50):F2} | {Percentile(times, 0.95):F2} | {times[^1]:F2} |");
    }

    // The plans of exactly what the service sends, parameters included.
    Console.WriteLine();
    var explained = new HashSet<string>();
    foreach (var (name, call) in cases)
    {
        recorder.Commands.Clear();
        recorder.Recording = true;
        await call();
        recorder.Recording = false;
        foreach (var (sql, parameters) in recorder.Commands)
        {
            if (!explained.Add(sql))
            {
                continue;
            }

            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, BUFFERS) " + sql, connection);
            foreach (var (parameterName, value) in parameters)
            {
                explain.Parameters.AddWithValue(parameterName, value);
            }

            var plan = new List<string>();
            await using (var reader = await explain.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    plan.Add(reader.GetString(0));
                }
            }

            var indexes = plan.Select(line => System.Text.RegularExpressions.Regex.Match(line, @"Index (?:Only )?Scan (?:Backward )?using (\w+)"))
                .Where(m => m.Success).Select(m => m.Groups[1].Value).Distinct().ToList();
            var seqScan = plan.Any(line => line.Contains("Seq Scan on notifications", StringComparison.Ordinal));
            Console.WriteLine($"— {name}: {(indexes.Count > 0 ? "index used: " + string.Join(", ", indexes) : "NO index used")}{(seqScan ? " (sequential scan of notifications)" : "")}");
            Console.WriteLine("  " + sql.ReplaceLineEndings(" "));
            foreach (var line in plan)
            {
                Console.WriteLine("    " + line);
            }
        }
    }

    // Fan-out: the web process's one LISTEN connection (JobEvents) and 1,000 subscribers of one creator, each
    // subscribed as the bell does (SubscribeNotifications with an async handler). The handler does no database work
    // (the bell would then count unread, measured above); it stands for the circuit's InvokeAsync hop and records
    // the moment it was called. Timed from just before the NOTIFY's transaction commits to the 1,000th handler call.
    Console.WriteLine();
    var events = new JobEvents(new StudioDatabase(connectionString, embedded: null), NullLogger<JobEvents>.Instance);
    await events.StartAsync(CancellationToken.None);
    await events.WhenListeningAsync();
    var called = 0;
    var allCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    var subscriptions = new List<IDisposable>();
    for (var i = 0; i < subscriberCount; i++)
    {
        subscriptions.Add(events.SubscribeNotifications(creator, async _ =>
        {
            await Task.Yield();
            if (Interlocked.Increment(ref called) == subscriberCount)
            {
                allCalled.TrySetResult();
            }
        }));
    }

    async Task<(double Ms, long Bytes)> OneEventAsync(bool throughDatabase)
    {
        Volatile.Write(ref called, 0);
        allCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var db = factory.CreateDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (throughDatabase)
        {
            await JobEvents.PublishNotificationAsync(db, creator, Guid.CreateVersion7(), isNew: true);
        }

        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var watch = Stopwatch.StartNew();
        if (throughDatabase)
        {
            await transaction.CommitAsync();
        }
        else
        {
            events.DeliverNotification(new NotificationChanged(creator, Guid.CreateVersion7(), IsNew: true));
        }

        await allCalled.Task;
        var elapsed = watch.Elapsed.TotalMilliseconds;
        return (elapsed, GC.GetTotalAllocatedBytes(precise: true) - allocated);
    }

    Console.WriteLine($"| one event to {subscriberCount:N0} subscribers ({eventCount} events, after 5 warm-up) | p50 ms | p95 ms | max ms | KB allocated per event (median) |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, throughDatabase) in new[] { ("NOTIFY commit → 1,000th handler called", true), ("in-process fan-out only (DeliverNotification)", false) })
    {
        for (var i = 0; i < 5; i++)
        {
            await OneEventAsync(throughDatabase);
        }

        var times = new double[eventCount];
        var bytes = new double[eventCount];
        for (var i = 0; i < eventCount; i++)
        {
            (times[i], var b) = await OneEventAsync(throughDatabase);
            bytes[i] = b / 1024.0;
        }

        Array.Sort(times);
        Array.Sort(bytes);
        Console.WriteLine($"| {name} | {Percentile(times, 0.50):F2} | {Percentile(times, 0.95):F2} | {times[^1]:F2} | {Percentile(bytes, 0.50):F0} |");
    }

    subscriptions.ForEach(s => s.Dispose());
    await events.StopAsync(CancellationToken.None);
    Console.WriteLine();
    Console.WriteLine($"load average at the end: {LoadAverage()}");
}
finally
{
    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

/// <summary>Keeps the text and parameters of the commands EF sends while recording, to EXPLAIN them as sent.</summary>
sealed class CommandRecorder : DbCommandInterceptor
{
    public bool Recording;
    public List<(string Sql, List<(string Name, object Value)> Parameters)> Commands { get; } = [];

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ReaderExecutingAsync(command, eventData, result, cancellationToken);
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result,
        CancellationToken cancellationToken = default)
    {
        Record(command);
        return base.ScalarExecutingAsync(command, eventData, result, cancellationToken);
    }

    private void Record(DbCommand command)
    {
        if (Recording)
        {
            Commands.Add((command.CommandText, command.Parameters.Cast<DbParameter>().Select(p => (p.ParameterName, p.Value ?? DBNull.Value)).ToList()));
        }
    }
}
