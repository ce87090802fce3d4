using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

if (args.Contains("--worker"))
{
    using var worker = WorkerHost.Create(args);
    await worker.Services.PrepareDatabaseAsync();
    worker.Services.ScheduleRecurringJobs();
    await worker.RunAsync();
    return;
}

var app = StudioApp.Create(args);
await app.Services.PrepareDatabaseAsync();
app.Services.ScheduleRecurringJobs();
app.Lifetime.ApplicationStarted.Register(() => Welcome.Print(app));
await app.RunAsync();
