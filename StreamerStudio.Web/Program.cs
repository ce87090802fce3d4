using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

var app = StudioApp.Create(args);
await app.Services.PrepareDatabaseAsync();
app.Lifetime.ApplicationStarted.Register(() => Welcome.Print(app));
await app.RunAsync();
