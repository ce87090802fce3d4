using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

if (args.Contains(WorkerHost.Switch))
{
    // Removed before configuration reads the arguments, which would take the next one as its value.
    using var worker = await WorkerHost.CreateAsync([.. args.Where(a => a != WorkerHost.Switch)]);
    await worker.Services.MigrateDatabaseAsync();
    worker.Services.ScheduleRecurringJobs();
    await worker.RunAsync();
    return;
}

await using var app = await StudioApp.CreateAsync(args);
await app.Services.PrepareDatabaseAsync();
app.Services.ScheduleRecurringJobs();
await app.StartAsync();
await Welcome.PrintWhenReadyAsync(app);
await app.WaitForShutdownAsync();
