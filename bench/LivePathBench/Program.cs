using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using LivePathBench;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Npgsql;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Observability;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

// Issue 17 items 4 and 5, issue 15's first streamed token: the live path as a creator sees it in Debian's Chromium,
// against the real app (StudioApp.CreateAsync, its in-process job server unless told otherwise) on a throwaway PostgreSQL.
//  A. click "Generate" → first image loaded in the page, 50 tries idle and 50 while other creators keep stream packs
//     queued; and each job state change (its NOTIFY, heard on a LISTEN connection of the bench's own) → the job
//     card's data-status changing in the DOM.
//  B. a click round trip on another creator's page (the Generate page's "Stream pack" / "One asset" switch, which
//     shows or hides the pack's asset list through the circuit), idle and while both cores render a long queue.
//  C. the Copy studio: click "Suggest" → first streamed text in the DOM, against a fake OpenAI-compatible provider on
//     127.0.0.1 whose own first chunk is timed too.
// Usage: dotnet run -c Release --project bench/LivePathBench [runs] [packs kept queued] [--separate-worker[=nice]] [--trace] [--Key=Value app settings]
// --trace prints, for the last three tries of each live-path case, every span (Npgsql commands, requests, renders) between the click and the image,
// the worker's spans (render, files, delivery) with the render thread's CPU time, and the methods the JIT compiled during the idle case.
var numbers = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray();
var runs = numbers.Length > 0 ? numbers[0] : 50;
var packsQueued = numbers.Length > 1 ? numbers[1] : 3;
var separateWorker = args.FirstOrDefault(a => a.StartsWith("--separate-worker", StringComparison.Ordinal));
var trace = args.Contains("--trace");
var appSettings = args.Where(a => a.StartsWith("--", StringComparison.Ordinal) && !a.StartsWith("--separate-worker", StringComparison.Ordinal) && a != "--trace").ToArray();
using var spanLog = trace ? new SpanLog() : null;
using var jitLog = trace ? new JitLog() : null;
const string Password = "Sup3r!Secret";
const int WarmUp = 30;
// Case A warms up until fewer methods than this are compiled a try over ten tries (at least WarmUp, at most MaxWarmUp tries).
const double QuietJit = 20;
const int MaxWarmUp = 400;
// The bench's own waits poll on a timer, not every animation frame: a page polling per frame keeps Chromium drawing
// frames all the time, which took most of a core from the app it measures. The timings themselves come from the
// page's MutationObserver, not from these polls.
var polling = new PageWaitForFunctionOptions { PollingInterval = 20 };

var loadAtStart = Load();
var folder = Path.Combine(Path.GetTempPath(), $"live-path-bench-{Environment.ProcessId}");
var postgres = await EmbeddedPostgres.StartAsync(Path.Combine(folder, "pg"), "fsync=off", "synchronous_commit=off", "full_page_writes=off", "max_connections=200");
await using var provider = new FakeProvider(thinkMs: 0);
WebApplication? app = null;
Process? worker = null;
NpgsqlConnection? listen = null;
using var stopListening = new CancellationTokenSource();
var listening = Task.CompletedTask;
try
{
    await postgres.CreateDatabaseAsync("bench");
    var connectionString = postgres.ConnectionString("bench");
    var dataFolder = Path.Combine(folder, "data");
    app = await StudioApp.CreateAsync(
    [
        "--urls=http://127.0.0.1:0",
        "--environment=Development",
        $"--ConnectionStrings:Default={connectionString}",
        $"--DataFolder={dataFolder}",
        "--Logging:LogLevel:Default=Warning",
        // The repository's own CSS is served by the static files middleware; the manifest warning is noise here.
        "--Logging:LogLevel:Microsoft.AspNetCore.Builder.StaticAssetDevelopmentRuntimeHandler=Error",
        "--RateLimits:AccountPostsPerIp:Permits=100000",
        "--RateLimits:AccountPostsPerEmail:Permits=100000",
        $"--Copy:Provider:BaseUrl={provider.BaseUrl}",
        "--Copy:Provider:Model=fake",
        .. separateWorker is null ? Array.Empty<string>() : ["--Generation:RunWorkerInWeb=false"],
        .. appSettings,
    ]);
    await app.Services.PrepareDatabaseAsync();
    await app.StartAsync();
    await app.Services.GetRequiredService<JobEvents>().WhenListeningAsync();
    var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    if (separateWorker is not null)
    {
        worker = StartWorker(separateWorker, connectionString, dataFolder, appSettings);
    }

    var workerCount = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GenerationOptions>>().Value.WorkerCount;
    var setup = separateWorker is null
        ? $"job server in the web process, {workerCount} workers"
        : $"web process without a job server + one `--worker` process{(separateWorker.EndsWith("=nice", StringComparison.Ordinal) ? " under `nice -n 10`" : "")}";

    // The people: one watching the Generate page, one on another page clicking, one in the Copy studio, and three
    // others whose stream packs fill the queue. All on the Studio plan, so nobody runs out of assets mid-run.
    var live = await CreateCreatorAsync(app.Services, "live");
    var clicker = await CreateCreatorAsync(app.Services, "clicker");
    var writer = await CreateCreatorAsync(app.Services, "writer");
    var packers = new List<User>();
    for (var i = 0; i < 3; i++)
    {
        packers.Add(await CreateCreatorAsync(app.Services, $"packer{i}"));
    }

    await using (var scope = app.Services.CreateAsyncScope())
    {
        await scope.ServiceProvider.GetRequiredService<BrandKitService>()
            .CreateAsync(writer.Id, new BrandKitDraft { Name = "Moss", Tone = Tone.Casual });
    }

    // Every job change as PostgreSQL delivers it: a LISTEN connection of the bench's own beside the app's.
    var notified = new ConcurrentDictionary<Guid, ConcurrentQueue<double>>();
    listen = new NpgsqlConnection(connectionString);
    await listen.OpenAsync();
    listen.Notification += (_, e) =>
    {
        var at = HostClock.Now();
        if (e.Channel == JobEvents.Channel && Guid.TryParse(e.Payload.Split(':')[1], out var jobId))
        {
            notified.GetOrAdd(jobId, _ => new()).Enqueue(at);
        }
    };
    await using (var command = new NpgsqlCommand($"LISTEN {JobEvents.Channel}", listen))
    {
        await command.ExecuteNonQueryAsync();
    }

    listening = Task.Run(async () =>
    {
        try
        {
            while (true)
            {
                await listen!.WaitAsync(stopListening.Token);
            }
        }
        catch (OperationCanceledException)
        {
        }
    });

    using var playwright = await Playwright.CreateAsync();
    await using var browser = await playwright.Chromium.LaunchAsync(new()
    {
        ExecutablePath = "/usr/bin/chromium",
        Headless = true,
        Args =
        [
            "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
            // This machine's network is closed; without these Chromium floods it with refused connections.
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
        ],
    });
    var livePage = await SignInAsync(browser, baseUrl, live);
    var clickerPage = await SignInAsync(browser, baseUrl, clicker);
    var writerPage = await SignInAsync(browser, baseUrl, writer);

    Console.WriteLine($"# Live path benchmark — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, Chromium {browser.Version}");
    Console.WriteLine($"Setup: {setup}; load average at start {loadAtStart}. {runs} timed tries per case; case A after warm-up tries until the JIT is quiet (below), B and C after {WarmUp}.");
    Console.WriteLine();

    // ---- A and B idle ----
    var loadBefore = Load();
    await OpenGenerateAsync(livePage, "Road to Diamond");
    var idleFrom = HostClock.Now();
    var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
    var idleJitted = System.Runtime.JitInfo.GetCompiledMethodCount();
    jitLog?.Start();
    var idleLive = await LivePathAsync(livePage, runs);
    var compiledWhileIdle = jitLog?.Stop();
    idleCpu = Process.GetCurrentProcess().TotalProcessorTime - idleCpu;
    idleJitted = System.Runtime.JitInfo.GetCompiledMethodCount() - idleJitted;
    var idleTo = HostClock.Now();
    await OpenGenerateAsync(clickerPage, "Another creator");
    var idleClicks = await ClickRoundTripsAsync(clickerPage, runs);
    var loadIdle = $"{loadBefore} → {Load()}";

    // ---- C: first streamed token (idle queue) ----
    var loadBeforeCopy = Load();
    var copy = await CopyFirstTokenAsync(writerPage, runs);
    var loadCopy = $"{loadBeforeCopy} → {Load()}";

    // ---- A and B under load: other creators keep the queue full of stream packs ----
    using var stopLoad = new CancellationTokenSource();
    var queued = 0;
    var packsSubmitted = 0;
    var loading = Task.Run(() => KeepQueueFullAsync(stopLoad.Token));
    // Both cores busy before the first timed try.
    while (Volatile.Read(ref queued) < packsQueued * AssetCatalogue.Types.Count)
    {
        await Task.Delay(50);
    }

    var loadBeforeLoaded = Load();
    await OpenGenerateAsync(livePage, "Road to Diamond");
    var loadedLive = await LivePathAsync(livePage, runs);
    var loadedTo = HostClock.Now();
    await OpenGenerateAsync(clickerPage, "Another creator");
    var loadedClicks = await ClickRoundTripsAsync(clickerPage, runs);
    var loadLoaded = $"{loadBeforeLoaded} → {Load()}";
    await stopLoad.CancelAsync();
    await loading;
    Console.WriteLine($"## A. Click \"Generate\" (one thumbnail, PNG) → first image loaded in the page");
    Console.WriteLine();
    Console.WriteLine("| case | step | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|---|");
    foreach (var (name, result) in new[] { ("idle queue", idleLive), ($"{packsQueued} stream packs kept queued by 3 other creators", loadedLive) })
    {
        Row(name, "**click → first image loaded**", result.ClickToImage);
        Row(name, "click → job card in the DOM (submit round trip)", result.ClickToCard);
        Row(name, "card → \"processing\" in the DOM (queue wait)", result.CardToProcessing);
        Row(name, "\"processing\" → \"completed\" in the DOM (render + delivery)", result.ProcessingToCompleted);
        Row(name, "\"completed\" → image loaded (preview fetched)", result.CompletedToImage);
        Row(name, "**job change NOTIFY → data-status in the DOM**", result.NotifyToDom);
    }

    Console.WriteLine();
    Console.WriteLine($"Load average: idle {loadIdle}; loaded {loadLoaded}. Page clock vs bench clock: worst calibration error ±{Math.Max(idleLive.ClockError, loadedLive.ClockError):F2} ms.");
    // The app runs in this process (with Playwright's client and the bench's own waits): its share of the two cores
    // while one creator clicks and waits, try after try.
    Console.WriteLine($"CPU of this process (app, Playwright client, bench) during the idle case: {idleCpu.TotalMilliseconds / (idleTo - idleFrom) * 100:F0} % of one core over {(idleTo - idleFrom) / 1000:F1} s, {idleCpu.TotalMilliseconds / (runs + idleLive.WarmUpTries):F0} ms a try (warm-up included); methods compiled meanwhile: {idleJitted}.");
    if (compiledWhileIdle is not null)
    {
        Console.WriteLine();
        Console.WriteLine("Methods compiled during the idle case (--trace), most often first:");
        Console.WriteLine();
        Console.WriteLine("| times | method |");
        Console.WriteLine("|---|---|");
        foreach (var (method, times) in compiledWhileIdle.Take(40))
        {
            Console.WriteLine($"| {times} | {method.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        Console.WriteLine();
    }

    Console.WriteLine($"Warm-up (until the JIT compiles ≤ {QuietJit} methods a try over ten tries, {WarmUp}–{MaxWarmUp} tries): idle {idleLive.WarmUpTries} tries, last ten {idleLive.CompiledPerWarmTry:F1} methods a try, timed tries {idleLive.CompiledPerTimedTry:F1}; loaded {loadedLive.WarmUpTries} tries, {loadedLive.CompiledPerWarmTry:F1}, timed {loadedLive.CompiledPerTimedTry:F1}.");
    Console.WriteLine($"Tries left out (a picture but no \"completed\" status seen): idle {idleLive.Incomplete}, loaded {loadedLive.Incomplete}.");
    Console.WriteLine($"Stream packs submitted by the other creators during the loaded cases: {packsSubmitted}.");
    Console.WriteLine();
    if (spanLog is not null)
    {
        // The worker's own spans during the timed tries (the other creators' packs too when loaded).
        Console.WriteLine("Worker spans (--trace), every job rendered during the case's timed tries:");
        Console.WriteLine();
        Console.WriteLine("| case | span | jobs | p50 ms | p95 ms | max ms |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (name, from, to) in new[] { ("idle queue", idleLive.TimedFrom, idleTo), ("queue kept full", loadedLive.TimedFrom, loadedTo) })
        {
            foreach (var span in new[] { "render job", "render asset", "store asset files", "deliver asset" })
            {
                var took = spanLog.Durations($"{StudioMetrics.MeterName}: {span}", from, to);
                Console.WriteLine(took.Count == 0 ? $"| {name} | {span} | 0 | – | – | – |" : $"| {name} | {span} | {took.Count} | {P(took, 50):F1} | {P(took, 95):F1} | {took.Max():F1} |");
                if (span == "render asset" && took.Count > 0)
                {
                    // The render runs on one thread without awaiting: its CPU time against its wall time tells work from waiting.
                    var (cpu, gen0, gen2) = spanLog.Cpu($"{StudioMetrics.MeterName}: {span}", from, to);
                    Console.WriteLine($"| {name} | render asset, the thread's CPU time ({gen0} saw a gen-0 collection, {gen2} a gen-2) | {cpu.Count} | {P(cpu, 50):F1} | {P(cpu, 95):F1} | {cpu.Max():F1} |");
                }
            }
        }

        Console.WriteLine();
    }

    Console.WriteLine("## B. Click round trip on another creator's page (\"Stream pack\" ↔ \"One asset\", DOM changed through the circuit)");
    Console.WriteLine();
    Console.WriteLine("| case | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| idle | {P(idleClicks, 50):F1} | {P(idleClicks, 95):F1} | {idleClicks.Max():F1} |");
    Console.WriteLine($"| both cores rendering a long queue | {P(loadedClicks, 50):F1} | {P(loadedClicks, 95):F1} | {loadedClicks.Max():F1} |");
    Console.WriteLine();
    var ratio = P(loadedClicks, 95) / P(idleClicks, 95);
    Console.WriteLine($"Loaded p95 / idle p95 = **{ratio:F2}×** (goal ≤ 2×: {(ratio <= 2 ? "met" : "MISSED")}).");
    Console.WriteLine();
    Console.WriteLine("## C. Copy studio: click \"Suggest\" → first streamed text in the DOM (fake OpenAI-compatible provider, SSE)");
    Console.WriteLine();
    Console.WriteLine("| step | p50 ms | p95 ms | max ms |");
    Console.WriteLine("|---|---|---|---|");
    Console.WriteLine($"| click → first streamed text in the DOM | {P(copy.ClickToText, 50):F1} | {P(copy.ClickToText, 95):F1} | {copy.ClickToText.Max():F1} |");
    Console.WriteLine($"| click → request read by the provider | {P(copy.ClickToRequest, 50):F1} | {P(copy.ClickToRequest, 95):F1} | {copy.ClickToRequest.Max():F1} |");
    Console.WriteLine($"| provider's own first token (request read → first chunk written) | {P(copy.ProviderFirst, 50):F2} | {P(copy.ProviderFirst, 95):F2} | {copy.ProviderFirst.Max():F2} |");
    Console.WriteLine($"| **first chunk written → text in the DOM** | {P(copy.ChunkToText, 50):F1} | {P(copy.ChunkToText, 95):F1} | {copy.ChunkToText.Max():F1} |");
    Console.WriteLine();
    var over = P(copy.ClickToText, 95) - P(copy.ProviderFirst, 95);
    Console.WriteLine($"First token in the page over the provider's own, p95: {over:F1} ms (goal < 100 ms: {(over < 100 ? "met" : "MISSED")}). Load average {loadCopy}.");
    Console.WriteLine();
    Console.WriteLine($"Load average at the end: {Load()}.");
    return;

    // ---------------------------------------------------------------------------------------------------------------

    async Task<LiveResult> LivePathAsync(IPage page, int count)
    {
        var result = new LiveResult();
        var clock = await PageClock.CalibrateAsync(page);
        result.ClockError = clock.ErrorMs;
        // Warm until the JIT is quiet, not for a fixed count: a server that has run for a while has compiled its
        // code, and every method still being compiled (or recompiled, optimised) takes a core from the render.
        var jitMark = System.Runtime.JitInfo.GetCompiledMethodCount();
        var i = -1;
        for (var attempt = 1; i < count; attempt++)
        {
            // A fresh page now and then keeps the "Just now" list short, as a creator's would be.
            if (attempt % 10 == 0)
            {
                await OpenGenerateAsync(page, "Road to Diamond");
                clock = await PageClock.CalibrateAsync(page);
                result.ClockError = Math.Max(result.ClockError, clock.ErrorMs);
            }

            var known = await page.EvaluateAsync<string[]>("() => { window.__bench.reset(); return Object.keys(window.__bench.status); }");
            await page.GetByTestId("generate-submit").ClickAsync();
            var jobId = await page.EvaluateAsync<string>(
                """
                known => new Promise(resolve => {
                  const look = () => {
                    const id = Object.keys(window.__bench.images).find(k => !known.includes(k));
                    if (id) resolve(id); else setTimeout(look, 20);
                  };
                  look();
                })
                """, known);
            var times = await page.EvaluateAsync<PageTimes>(
                "id => ({ click: window.__bench.clickAt, image: window.__bench.images[id], queued: window.__bench.status[id].queued ?? null, processing: window.__bench.status[id].processing ?? null, completed: window.__bench.status[id].completed ?? null })",
                jobId);
            if (i < 0)
            {
                result.WarmUpTries = attempt;
                if (attempt % 10 == 0)
                {
                    var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
                    result.CompiledPerWarmTry = (compiled - jitMark) / 10.0;
                    jitMark = compiled;
                    if ((attempt >= WarmUp && result.CompiledPerWarmTry <= QuietJit) || attempt >= MaxWarmUp)
                    {
                        i = 0;
                        result.TimedFrom = HostClock.Now();
                    }
                }

                continue;
            }

            i++;
            if (times.Completed is null)
            {
                // The picture loaded but the card was never seen "completed": not a complete record, so not timed.
                var seen = await page.EvaluateAsync<string>("id => JSON.stringify(window.__bench.status[id])", jobId);
                Console.Error.WriteLine($"Try {i}: job {jobId} has a picture but no \"completed\" status was seen ({seen}); left out.");
                result.Incomplete++;
                continue;
            }

            result.ClickToImage.Add(times.Image - times.Click);
            if (spanLog is not null && i >= count - 3)
            {
                var at = (double? t) => t is { } v ? $"{v - times.Click:F1}" : "–";
                Console.WriteLine($"### Try {i}: click → image {times.Image - times.Click:F1} ms; card {at(times.Queued)}, processing {at(times.Processing)}, completed {at(times.Completed)}");
                Console.WriteLine();
                Console.WriteLine("| start ms after click | ms | span |");
                Console.WriteLine("|---|---|---|");
                foreach (var row in spanLog.Rows(clock.ToHost(times.Click) - 5, clock.ToHost(times.Image)))
                {
                    Console.WriteLine(row);
                }

                Console.WriteLine();
            }

            var card = times.Queued ?? times.Processing ?? times.Completed!.Value;
            result.ClickToCard.Add(card - times.Click);
            if (times.Processing is { } processing)
            {
                result.CardToProcessing.Add(processing - card);
                result.ProcessingToCompleted.Add(times.Completed!.Value - processing);
            }

            result.CompletedToImage.Add(times.Image - times.Completed!.Value);
            // Each status the page showed was caused by the latest NOTIFY of that job before it appeared.
            var heard = notified.TryGetValue(Guid.Parse(jobId), out var q) ? q.ToArray() : [];
            foreach (var shownAt in new[] { times.Processing, times.Completed })
            {
                if (shownAt is { } pageTime && heard.Where(h => h <= clock.ToHost(pageTime)).DefaultIfEmpty(double.NaN).Max() is var cause && !double.IsNaN(cause))
                {
                    result.NotifyToDom.Add(clock.ToHost(pageTime) - cause);
                }
            }
        }

        result.CompiledPerTimedTry = (System.Runtime.JitInfo.GetCompiledMethodCount() - jitMark) / (double)count;
        return result;
    }

    async Task<List<double>> ClickRoundTripsAsync(IPage page, int count)
    {
        var times = new List<double>();
        for (var i = -WarmUp; i < count; i++)
        {
            // Alternates: "Stream pack" shows the pack's asset list, "One asset" hides it again.
            var showing = await page.EvaluateAsync<bool>("() => { window.__bench.reset(); return window.__bench.batchShown === true; }");
            await page.GetByRole(AriaRole.Radio, new() { Name = showing ? "One asset" : "Stream pack" }).ClickAsync(new() { Force = true });
            var elapsed = await page.EvaluateAsync<double>(
                """
                want => new Promise(resolve => {
                  const look = () => {
                    const b = window.__bench;
                    if (b.batchShown === want && b.clickAt !== null && b.batchAt >= b.clickAt) resolve(b.batchAt - b.clickAt); else setTimeout(look, 20);
                  };
                  look();
                })
                """, !showing);
            if (i >= 0)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }

    async Task<CopyResult> CopyFirstTokenAsync(IPage page, int count)
    {
        var result = new CopyResult();
        await page.GotoAsync("/copy");
        await page.WaitForSelectorAsync("[data-circuit=ready]");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Brief: what happens in the video or stream" })
            .FillAsync("a no-hit run of hollow knight with three near misses and chat cheering");
        var clock = await PageClock.CalibrateAsync(page);
        for (var i = -WarmUp; i < count; i++)
        {
            await page.EvaluateAsync("() => window.__bench.reset()");
            var requestsBefore = provider.Requests.Count;
            await page.GetByTestId("suggest").ClickAsync();
            // Finished: the result is shown and the button is back (the stream and the ledger are done).
            await page.WaitForFunctionAsync("() => window.__bench.streamed !== null && document.querySelector('[data-testid=streamed]') === null && !document.querySelector('[data-testid=suggest]').disabled", null, polling);
            var times = await page.EvaluateAsync<double[]>("() => [window.__bench.clickAt, window.__bench.streamed]");
            var (received, firstChunk) = provider.Requests.ToArray()[requestsBefore];
            if (i < 0)
            {
                continue;
            }

            result.ClickToText.Add(times[1] - times[0]);
            result.ClickToRequest.Add(received - clock.ToHost(times[0]));
            result.ProviderFirst.Add(firstChunk - received);
            result.ChunkToText.Add(clock.ToHost(times[1]) - firstChunk);
        }

        return result;
    }

    // Keeps at least packsQueued stream packs' worth of outputs waiting, submitted in turn by the other creators.
    async Task KeepQueueFullAsync(CancellationToken stop)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>();
        var next = 0;
        while (!stop.IsCancellationRequested)
        {
            await using (var db = await factory.CreateDbContextAsync(CancellationToken.None))
            {
                Volatile.Write(ref queued, await db.GenerationJobs.CountAsync(j => j.Status == JobStatus.Queued && j.OutputKey != null && j.UserId != live.Id, CancellationToken.None));
            }

            if (Volatile.Read(ref queued) < packsQueued * AssetCatalogue.Types.Count)
            {
                await using var scope = app.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<GenerationService>().SubmitAsync(packers[next++ % packers.Count].Id, new GenerationRequest
                {
                    JobType = JobType.Batch,
                    AssetTypes = [.. AssetCatalogue.Types],
                    Headline = $"Stream pack {next}",
                    Subline = "Tonight 8 pm",
                    Badge = "LIVE",
                }, CancellationToken.None);
                Interlocked.Increment(ref packsSubmitted);
                continue;
            }

            try
            {
                // A bench loop, not a test: a tenth of a second is fine-grained enough against a multi-second queue.
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    void Row(string name, string step, List<double> values)
    {
        Console.WriteLine(values.Count == 0
            ? $"| {name} | {step} | – | – | – |"
            : $"| {name} | {step} | {P(values, 50):F1} | {P(values, 95):F1} | {values.Max():F1} |");
    }
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    throw;
}
finally
{
    await stopListening.CancelAsync();
    await listening;
    if (listen is not null)
    {
        await listen.DisposeAsync();
    }

    if (worker is { HasExited: false })
    {
        worker.Kill(entireProcessTree: true);
        await worker.WaitForExitAsync();
    }

    if (app is not null)
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    await postgres.StopAsync();
    Directory.Delete(folder, recursive: true);
}

static async Task<User> CreateCreatorAsync(IServiceProvider services, string name)
{
    await using var scope = services.CreateAsyncScope();
    var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
    var email = $"{name}@example.com";
    var user = new User { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name };
    var created = await users.CreateAsync(user, Password);
    if (!created.Succeeded)
    {
        throw new InvalidOperationException(string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    var factory = scope.ServiceProvider.GetRequiredService<IDbContextFactory<StudioDbContext>>();
    await using var db = await factory.CreateDbContextAsync();
    await using var transaction = await db.Database.BeginTransactionAsync();
    if (!await scope.ServiceProvider.GetRequiredService<Plans>().ChangeAsync(db, user.Id, s => s.GrantComplimentary(SubscriptionTier.Studio), actorId: null))
    {
        throw new InvalidOperationException($"No subscription for {email}.");
    }

    await transaction.CommitAsync();
    return user;
}

static async Task<IPage> SignInAsync(IBrowser browser, string baseUrl, User user)
{
    var context = await browser.NewContextAsync(new() { BaseURL = baseUrl, ViewportSize = new() { Width = 1280, Height = 800 } });
    context.SetDefaultTimeout(120_000);
    await context.AddInitScriptAsync(PageProbe.Script);
    var page = await context.NewPageAsync();
    await page.GotoAsync("/Account/Login");
    await page.FillAsync("#Input\\.Email", user.Email!);
    await page.FillAsync("#Input\\.Password", Password);
    await page.ClickAsync("button[type=submit]");
    await page.GetByTestId("greeting").WaitForAsync();
    return page;
}

static async Task OpenGenerateAsync(IPage page, string headline)
{
    await page.GotoAsync("/generate");
    await page.WaitForSelectorAsync("[data-circuit=ready]");
    await page.GetByTestId("headline").FillAsync(headline);
    // The live preview renders once the text settles; timed clicks should not race it.
    await page.GetByTestId("generate-preview").WaitForAsync();
    await page.WaitForFunctionAsync(
        "h => document.querySelector('[data-testid=generate-submit]')?.disabled === false", headline);
}

// A worker process of the app's own executable, as the README's `./run.sh --worker`, optionally under nice.
static Process StartWorker(string option, string connectionString, string dataFolder, string[] appSettings)
{
    var webDll = typeof(StudioApp).Assembly.Location;
    var nice = option.EndsWith("=nice", StringComparison.Ordinal);
    var start = new ProcessStartInfo(nice ? "nice" : "dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
    if (nice)
    {
        start.ArgumentList.Add("-n");
        start.ArgumentList.Add("10");
        start.ArgumentList.Add("dotnet");
    }

    foreach (var argument in new[] { webDll, "--worker", "--environment=Development", $"--ConnectionStrings:Default={connectionString}", $"--DataFolder={dataFolder}", "--Logging:LogLevel:Default=Warning" }.Concat(appSettings))
    {
        start.ArgumentList.Add(argument);
    }

    var process = Process.Start(start)!;
    process.OutputDataReceived += (_, _) => { };
    process.ErrorDataReceived += (_, e) =>
    {
        if (e.Data is not null)
        {
            Console.Error.WriteLine($"worker: {e.Data}");
        }
    };
    process.BeginOutputReadLine();
    process.BeginErrorReadLine();
    return process;
}

static string Load() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static double P(List<double> values, int percentile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

internal sealed class PageTimes
{
    public double Click { get; set; }
    public double Image { get; set; }
    public double? Queued { get; set; }
    public double? Processing { get; set; }
    public double? Completed { get; set; }
}

internal sealed class LiveResult
{
    public List<double> ClickToImage { get; } = [];
    public List<double> ClickToCard { get; } = [];
    public List<double> CardToProcessing { get; } = [];
    public List<double> ProcessingToCompleted { get; } = [];
    public List<double> CompletedToImage { get; } = [];
    public List<double> NotifyToDom { get; } = [];
    public double ClockError { get; set; }
    public int Incomplete { get; set; }
    public int WarmUpTries { get; set; }
    public double CompiledPerWarmTry { get; set; }
    public double CompiledPerTimedTry { get; set; }
    public double TimedFrom { get; set; }
}

internal sealed class CopyResult
{
    public List<double> ClickToText { get; } = [];
    public List<double> ClickToRequest { get; } = [];
    public List<double> ProviderFirst { get; } = [];
    public List<double> ChunkToText { get; } = [];
}
