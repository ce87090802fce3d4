using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StreamerStudio.Domain;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

// Scale-out on one database: this process is the web process (StudioApp, pages only: Generation:RunWorkerInWeb=false)
// and runs the load — creators submitting stream packs through GenerationService, each waiting for its pack through
// the live job events (NOTIFY) before submitting the next. Worker processes are `StreamerStudio.Web --worker`, started
// as children on the same database and data folder: first one, then a second one joins. Per phase it reports assets/s
// and submit → delivered latency per asset (the output job's completion against the pack's creation, both stamped by
// the database's processes) and per pack (seen here, through NOTIFY).
// Usage: dotnet run -c Release --project bench/ScaleOut -- [seconds per phase, 60] [creators, 6] [markdown output file]
var seconds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 60;
var creators = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6;
var output = args.Length > 2 ? args[2] : null;
AssetType[] pack = [AssetType.Thumbnail, AssetType.Overlay, AssetType.Banner, AssetType.OfflineScreen, AssetType.StoryGraphic, AssetType.ClipCover];

var root = ContentRoot.Locate();
var workerDll = Path.Combine(root, "StreamerStudio.Web", "bin", Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!, "net10.0", "StreamerStudio.Web.dll");
var folder = Path.Combine(Path.GetTempPath(), $"scale-out-{Environment.ProcessId}");
var dataFolder = Path.Combine(folder, "data");
Directory.CreateDirectory(dataFolder);
await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "postgres"), "fsync=off", "synchronous_commit=off", "max_connections=300");
var workers = new List<Process>();
Microsoft.AspNetCore.Builder.WebApplication? app = null;
try
{
    await postgres.CreateDatabaseAsync("bench");
    var connectionString = postgres.ConnectionString("bench");
    app = await StudioApp.CreateAsync(
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Development",
        $"--ConnectionStrings:Default={connectionString}",
        $"--DataFolder={dataFolder}",
        "--Generation:RunWorkerInWeb=false",
        "--Logging:LogLevel:Default=Warning",
    ]);
    await app.Services.PrepareDatabaseAsync();
    await app.StartAsync();
    var events = app.Services.GetRequiredService<JobEvents>();
    await events.WhenListeningAsync();
    var dbFactory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
    var creatorIds = new List<Guid>();
    for (var i = 0; i < creators; i++)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var email = $"creator{i}@example.com";
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Creator {i}" };
        var created = await scope.ServiceProvider.GetRequiredService<UserManager<User>>().CreateAsync(user, "Sup3r!Secret");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        // Studio has no monthly cap, so the loop is never refused for quota.
        await using var db = await dbFactory.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await scope.ServiceProvider.GetRequiredService<Plans>().ChangeAsync(db, user.Id, s => s.GrantComplimentary(SubscriptionTier.Studio), actorId: null);
        await transaction.CommitAsync();
        creatorIds.Add(user.Id);
    }

    var loadStart = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
    var rows = new List<string>();
    foreach (var processes in new[] { 1, 2 })
    {
        while (workers.Count < processes)
        {
            workers.Add(StartWorker(workerDll, root, connectionString, dataFolder));
        }

        await WaitForAsync($"{processes} Hangfire server(s) to register", async () => await CountServersAsync(connectionString) == processes, TimeSpan.FromMinutes(3));
        // Warm-up: one pack per creator, so the phase measures steady work, not first-render JIT and caches.
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {processes} worker process(es): warm-up");
        await Task.WhenAll(creatorIds.Select(id => SubmitAndWaitAsync(app.Services, events, dbFactory, id, pack)));
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {processes} worker process(es): {seconds} s of load");
        var phaseStart = DateTimeOffset.UtcNow;
        var until = Stopwatch.StartNew();
        var packLatencies = new List<double>();
        var packIds = new List<Guid>();
        var errors = 0;
        await Task.WhenAll(creatorIds.Select(async id =>
        {
            while (until.Elapsed < TimeSpan.FromSeconds(seconds))
            {
                try
                {
                    var (jobId, latency) = await SubmitAndWaitAsync(app.Services, events, dbFactory, id, pack);
                    lock (packLatencies)
                    {
                        packLatencies.Add(latency.TotalMilliseconds);
                        packIds.Add(jobId);
                    }
                }
                catch (Exception e) when (e is RequestRefusedException or InvalidOperationException)
                {
                    Interlocked.Increment(ref errors);
                    Console.Error.WriteLine(e.Message);
                }
            }
        }));
        var wall = until.Elapsed;
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        await using var db = await dbFactory.CreateDbContextAsync();
        var outputs = await db.GenerationJobs.Where(j => j.ParentJobId != null && packIds.Contains(j.ParentJobId.Value))
            .Select(j => new { j.Status, j.CompletedAt, Submitted = j.ParentJob!.CreatedAt, j.StartedAt })
            .ToListAsync();
        var delivered = outputs.Where(o => o.Status == JobStatus.Completed && o.CompletedAt is not null).ToList();
        var assetLatencies = delivered.Select(o => (o.CompletedAt!.Value - o.Submitted).TotalMilliseconds).Order().ToList();
        packLatencies.Sort();
        rows.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {processes} | {packIds.Count} | {delivered.Count} (+{outputs.Count - delivered.Count} failed) | {errors} | {wall.TotalSeconds:0} s | **{delivered.Count / wall.TotalSeconds:0.0}** | " +
            $"{Percentile(assetLatencies, 0.5):0} / **{Percentile(assetLatencies, 0.95):0}** | {Percentile(packLatencies, 0.5):0} / {Percentile(packLatencies, 0.95):0} | {string.Join(" ", load)} |"));
        Console.Error.WriteLine(rows[^1]);
    }

    var report = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"Scale-out — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, one web process (this one, pages only) + worker processes on one PostgreSQL, {creators} creators each submitting a {pack.Length}-asset stream pack (PNG) and waiting for it before the next, {seconds} s per phase after one warm-up pack each; load average {string.Join(" ", loadStart)} at the start.")
        .AppendLine()
        .AppendLine("| worker processes | packs | assets delivered | refused | phase | **assets/s** | per asset submit → delivered p50 / **p95** ms | per pack submit → last delivered seen (NOTIFY) p50 / p95 ms | load average at the end |")
        .AppendLine("|---|---|---|---|---|---|---|---|---|");
    rows.ForEach(r => report.AppendLine(r));
    Console.Write(report);
    if (output is not null)
    {
        await File.WriteAllTextAsync(output, report.ToString());
    }
}
finally
{
    foreach (var worker in workers)
    {
        // SIGTERM: the worker stops as a deployment would stop it, and its Hangfire server says goodbye.
        _ = Kill(worker.Id, 15);
    }

    foreach (var worker in workers)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await worker.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Kill(entireProcessTree: true);
        }
    }

    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}

static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? double.NaN : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

// Submits a pack and waits until its parent job is finished, told by the live job events as a creator's page is.
static async Task<(Guid JobId, TimeSpan Latency)> SubmitAndWaitAsync(IServiceProvider services, JobEvents events, IDbContextFactory<StudioDbContext> dbFactory, Guid userId, AssetType[] pack)
{
    using var changed = new SemaphoreSlim(0);
    using var subscription = events.Subscribe(userId, _ =>
    {
        changed.Release();
        return Task.CompletedTask;
    });
    await using var scope = services.CreateAsyncScope();
    var clock = Stopwatch.StartNew();
    var jobId = await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(userId, new GenerationRequest
    {
        JobType = JobType.Batch,
        AssetTypes = pack,
        Headline = "Road to Diamond",
        Subline = "Ranked every night",
        Badge = "LIVE",
    });
    while (true)
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var status = await db.GenerationJobs.Where(j => j.Id == jobId).Select(j => j.Status).SingleAsync();
            if (status is JobStatus.Completed or JobStatus.Failed or JobStatus.Partial)
            {
                return (jobId, clock.Elapsed);
            }
        }

        // A change after the look above has released the semaphore already, so none is missed.
        if (!await changed.WaitAsync(TimeSpan.FromMinutes(5)))
        {
            throw new InvalidOperationException($"Pack {jobId} was not finished 5 minutes after its last change.");
        }
    }
}

static Process StartWorker(string workerDll, string root, string connectionString, string dataFolder)
{
    var start = new ProcessStartInfo("dotnet", [workerDll, "--worker", $"--ConnectionStrings:Default={connectionString}", $"--DataFolder={dataFolder}", "--Logging:LogLevel:Default=Warning"])
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
    };
    start.Environment["DOTNET_ENVIRONMENT"] = "Development";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    return process;
}

static async Task<long> CountServersAsync(string connectionString)
{
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand("SELECT count(*) FROM hangfire.server", connection);
    return (long)(await command.ExecuteScalarAsync())!;
}

static async Task WaitForAsync(string what, Func<Task<bool>> ready, TimeSpan limit)
{
    var clock = Stopwatch.StartNew();
    while (!await ready())
    {
        if (clock.Elapsed > limit)
        {
            throw new TimeoutException($"Gave up waiting for {what} after {limit}.");
        }

        await Task.Delay(250);
    }
}

[DllImport("libc", EntryPoint = "kill", SetLastError = true)]
static extern int Kill(int pid, int signal);
