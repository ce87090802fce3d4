using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using CircuitMemory;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

// Managed heap per open Blazor Server circuit: Streamer Studio's dashboard, gallery and jobs pages against the stock
// Blazor Web App template's counter page (Server interactivity, Individual accounts), in one run.
// Usage: dotnet run -c Release --project bench/CircuitMemory -- [circuits per page, 200] [retention seconds, 5]
//        [pages, "/dashboard,/gallery,/jobs,template:/counter"] [markdown output file]
// Streamer Studio runs in this process (StudioApp.CreateAsync, as the tests host it); the template runs in a child
// process with a /bench/heap hook; the circuits are opened by a second child process (this program, "client"), so
// neither server heap holds client objects.
if (args is ["client", ..])
{
    await ClientProcess.RunAsync();
    return;
}

var circuits = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var retention = TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5);
var pages = args.Length > 2 ? args[2].Split(',') : ["/dashboard", "/gallery", "/jobs", "template:/counter"];
var output = args.Length > 3 ? args[3] : null;
const int Creators = 10;
// Two rounds of the client's 8 opened at a time: process-wide pools (Kestrel's blocks, array pools) grow to what that
// concurrency needs before the "before" reading, so the page measured first does not pay for them (with 5, the same
// gallery measured 223–229 KB first and 207–210 KB after the dashboard).
const int WarmUpCircuits = 16;

var folder = Path.Combine(Path.GetTempPath(), $"circuit-memory-{Environment.ProcessId}");
Directory.CreateDirectory(folder);
var loadBefore = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
// 300 connections as the tests have: PostgreSQL's default 100 ran out while 1,000 dashboards opened (see docs/benchmarks.md).
await using var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "postgres"), "fsync=off", "synchronous_commit=off", "max_connections=300");
Process? template = null;
Process? client = null;
Microsoft.AspNetCore.Builder.WebApplication? app = null;
try
{
    await postgres.CreateDatabaseAsync("bench");
    using var studioHeap = new ServerHeap();
    app = await StudioApp.CreateAsync(
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Development",
        $"--ConnectionStrings:Default={postgres.ConnectionString("bench")}",
        $"--DataFolder={Path.Combine(folder, "data")}",
        $"--Circuits:DisconnectedCircuitRetentionPeriod={retention:c}",
        // Pages only: the circuits are what is measured, not renders.
        "--Generation:RunWorkerInWeb=false",
        "--Logging:LogLevel:Default=Warning",
        "--RateLimits:AccountPostsPerIp:Permits=100000",
        "--RateLimits:AccountPostsPerEmail:Permits=100000",
    ]);
    await app.Services.PrepareDatabaseAsync();
    await app.StartAsync();
    var studioUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    var cookiesFile = Path.Combine(folder, "cookies.txt");
    await File.WriteAllLinesAsync(cookiesFile, await SeedCreatorsAsync(app.Services, Creators));

    template = StartTemplate(retention, out var templateUrl);
    using var templateHttp = new HttpClient { BaseAddress = new Uri(templateUrl) };
    await WaitForAsync("the template to answer", async () =>
    {
        try
        {
            return (await templateHttp.GetAsync("/bench/circuits")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, TimeSpan.FromMinutes(2));

    client = StartClient();
    var results = new List<string>();
    foreach (var page in pages)
    {
        var isTemplate = page.StartsWith("template:", StringComparison.Ordinal);
        var path = isTemplate ? page["template:".Length..] : page;
        Func<Task<HeapReading>> read = isTemplate
            ? async () => (await templateHttp.GetFromJsonAsync<HeapReading>("/bench/heap"))!
            : () => Task.FromResult(studioHeap.Read());
        var url = (isTemplate ? templateUrl : studioUrl).TrimEnd('/') + path;
        var cookies = isTemplate ? "-" : cookiesFile;
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {page}: warm-up");

        // One-time costs (JIT, caches, the first query's plan) must not count as per-circuit memory.
        Expect(await Ask(client, $"open {url} {WarmUpCircuits} {cookies}"), "opened");
        await Ask(client, "close");
        await WaitForAsync("warm-up circuits to go", async () => (await read()).ActiveCircuits == 0, retention + TimeSpan.FromMinutes(2));
        var before = await read();
        await DumpAsync(isTemplate ? template.Id : Environment.ProcessId, path, "before");

        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {page}: opening {circuits}");
        var opened = await Ask(client, $"open {url} {circuits} {cookies}");
        var openedCount = int.Parse(Word(opened, 1), CultureInfo.InvariantCulture);
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {page}: {opened}");
        // Settled: no render batch arrived between two looks a second apart (pages load their data after the first render).
        var stats = await Ask(client, "stats");
        while (true)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            var again = await Ask(client, "stats");
            if (Field(again, "batches") == Field(stats, "batches"))
            {
                break;
            }

            stats = again;
        }

        var held = await read();
        await DumpAsync(isTemplate ? template.Id : Environment.ProcessId, path, "held");
        // Fewer than opened: circuits the server ended while they were held (the client counts them as errors).
        var heldCount = (int)Math.Min(openedCount, held.ConnectedCircuits);
        var load = File.ReadAllText("/proc/loadavg").Split(' ')[..3];
        Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {page}: {opened} | {stats}; closing");
        await Ask(client, "close");
        var closing = Stopwatch.StartNew();
        await WaitForAsync("the connections to drop", async () => (await read()).ConnectedCircuits == 0, TimeSpan.FromMinutes(2));
        var disconnected = closing.Elapsed;
        await WaitForAsync("the retained circuits to be disposed", async () => (await read()).ActiveCircuits == 0, retention + TimeSpan.FromMinutes(5));
        var gone = closing.Elapsed;
        var after = await read();
        var perCircuit = (held.LiveBytes - before.LiveBytes) / (double)Math.Max(1, held.ActiveCircuits);
        results.Add(string.Create(CultureInfo.InvariantCulture,
            $"| {(isTemplate ? "template " : "Streamer Studio ")}`{path}` | {openedCount} / {heldCount} | {Word(opened, 2)["errors=".Length..]} + {Field(stats, "errors")} | " +
            $"{double.Parse(Field(stats, "batches"), CultureInfo.InvariantCulture) / Math.Max(1, openedCount):0.0} / {double.Parse(Field(stats, "bytes"), CultureInfo.InvariantCulture) / Math.Max(1, openedCount) / 1024:0.0} KB / {double.Parse(Field(stats, "js"), CultureInfo.InvariantCulture) / Math.Max(1, openedCount):0.0} | " +
            $"{Mb(before.LiveBytes)} | {Mb(held.LiveBytes)} | **{perCircuit / 1024:0.0}** | {Mb(held.HeapBytes)} / {Mb(held.WorkingSetBytes)} | " +
            $"{Mb(after.LiveBytes)} ({Math.Round((after.LiveBytes - before.LiveBytes) / 1024.0 / 1024.0, 1):+0.0;-0.0;0.0} MB) | {Field(opened, "seconds")} s / {disconnected.TotalSeconds:0} s / {gone.TotalSeconds:0} s | {string.Join(" ", load)} |"));
        Console.Error.WriteLine(results[^1]);
    }

    var report = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"Circuit memory — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, server GC in both servers, retention period {retention.TotalSeconds:0} s, load average {string.Join(" ", loadBefore)} at the start.")
        .AppendLine()
        .AppendLine("| page | circuits opened / still connected when measured | errors (open + later) | per circuit: render batches / bytes / JS calls | live heap before MB | with circuits open MB | **KB per circuit** | GC heap / RSS with circuits MB | after close + retention MB | open / all disconnected / all disposed | load average while held |")
        .AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
    results.ForEach(r => report.AppendLine(r));
    Console.Write(report);
    if (output is not null)
    {
        await File.WriteAllTextAsync(output, report.ToString());
    }

}
finally
{
    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    foreach (var child in new[] { client, template })
    {
        if (child is { HasExited: false })
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
    }

    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}

// CIRCUIT_MEMORY_DUMPS=<folder>: a heap dump of the measured server (this process for Streamer Studio, the template's
// process for the template) before the circuits open and while they are held, for `dotnet-dump analyze <file> -c "dumpheap -stat"`: what a circuit holds, by type. Needs the
// dotnet-dump global tool. The readings of that page then include the dump's pause; use them for the breakdown only.
static async Task DumpAsync(int processId, string path, string moment)
{
    var folder = Environment.GetEnvironmentVariable("CIRCUIT_MEMORY_DUMPS");
    if (folder is null)
    {
        return;
    }

    Directory.CreateDirectory(folder);
    var file = Path.Combine(folder, $"{(processId == Environment.ProcessId ? "" : "template-")}{path.Trim('/').Replace('/', '-')}-{moment}.dmp");
    var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-dump");
    using var dump = Process.Start(new ProcessStartInfo(tool, ["collect", "-p", processId.ToString(CultureInfo.InvariantCulture), "--type", "Heap", "-o", file])
    {
        RedirectStandardOutput = true,
    })!;
    await dump.StandardOutput.ReadToEndAsync();
    await dump.WaitForExitAsync();
    Console.Error.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {path}: heap dump {file} (exit {dump.ExitCode})");
}

static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("0.0", CultureInfo.InvariantCulture);

static string Word(string line, int index) => line.Split(' ')[index];

static string Field(string line, string name) =>
    line.Split(' ').First(w => w.StartsWith(name + "=", StringComparison.Ordinal))[(name.Length + 1)..];

static void Expect(string line, string start)
{
    if (!line.StartsWith(start, StringComparison.Ordinal) || !line.Contains("errors=0", StringComparison.Ordinal))
    {
        throw new InvalidOperationException($"The circuit client answered: {line}");
    }
}

static async Task<string> Ask(Process client, string command)
{
    await client.StandardInput.WriteLineAsync(command);
    await client.StandardInput.FlushAsync();
    return await client.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The circuit client exited.");
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

        await Task.Delay(200);
    }
}

static Process StartClient()
{
    var start = new ProcessStartInfo("dotnet", [typeof(ClientProcess).Assembly.Location, "client"])
    {
        RedirectStandardInput = true,
        RedirectStandardOutput = true,
    };
    // The client's own heap is not measured; workstation GC keeps it small.
    start.Environment["DOTNET_gcServer"] = "0";
    return Process.Start(start)!;
}

static Process StartTemplate(TimeSpan retention, out string url)
{
    // The template is built with this project (a project reference that is not compiled in).
    var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd('/')))!;
    var bin = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "Template", "bin", configuration, "net10.0"));
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    var port = ((IPEndPoint)probe.LocalEndpoint).Port;
    probe.Stop();
    url = $"http://127.0.0.1:{port}";
    var start = new ProcessStartInfo("dotnet", [Path.Combine(bin, "Template.dll"), $"--urls={url}"])
    {
        WorkingDirectory = bin,
        RedirectStandardOutput = true,
    };
    start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
    start.Environment["Circuits__DisconnectedCircuitRetentionPeriod"] = retention.ToString("c", CultureInfo.InvariantCulture);
    start.Environment["Logging__LogLevel__Default"] = "Warning";
    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.BeginOutputReadLine();
    return process;
}

// Creators with something on each page: a queued stream pack (no job server, so it stays on the jobs page) and 48
// gallery assets. Returns one signed-in cookie per creator, made the way the sign-in makes it.
static async Task<List<string>> SeedCreatorsAsync(IServiceProvider services, int count)
{
    var cookies = new List<string>();
    var cookieOptions = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
    for (var i = 0; i < count; i++)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
        var email = $"creator{i}@example.com";
        var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = $"Creator {i}" };
        var created = await users.CreateAsync(user, "Sup3r!Secret");
        if (!created.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
        }

        await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(user.Id, new GenerationRequest
        {
            JobType = JobType.Batch,
            AssetTypes = [AssetType.Thumbnail, AssetType.Overlay, AssetType.OfflineScreen, AssetType.StoryGraphic],
            Headline = "Road to Diamond",
            Subline = "Ranked every night",
            Badge = "LIVE",
        });
        var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContextAsync();
        await using (db)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO assets (id, user_id, asset_type, width, height, format, file_size_bytes, storage_key, is_public,
                                    prompt_used, viral_score, viral_suggestions, created_at)
                SELECT gen_random_uuid(), {user.Id},
                       (ARRAY['thumbnail','overlay','banner','offline_screen','story_graphic','clip_cover'])[1 + g % 6],
                       1280, 720, 'png', 200000 + g, {user.Id.ToString("N")} || '/' || g || '.png', false,
                       'Stream ' || g || ' ranked grind', g % 101, ARRAY[]::text[], now() - (g || ' minutes')::interval * 43
                  FROM generate_series(1, 48) AS g
                """);
        }

        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<User>>().CreateUserPrincipalAsync(user);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddDays(1) }, IdentityConstants.ApplicationScheme);
        cookies.Add($"{cookieOptions.Cookie.Name}={cookieOptions.TicketDataFormat.Protect(ticket)}");
    }

    return cookies;
}
