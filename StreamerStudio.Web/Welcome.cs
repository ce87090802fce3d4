using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Web;

/// <summary>What the run command prints once the app is ready (serving, and hearing job events): where to go and how to log in.</summary>
internal static class Welcome
{
    /// <summary>
    /// Prints once the app hears job events as well as serving pages (as /healthz reports): a page opened before
    /// would miss its jobs' changes. Prints nothing when the app is stopped first.
    /// </summary>
    public static async Task PrintWhenReadyAsync(WebApplication app)
    {
        try
        {
            await app.Services.GetRequiredService<JobEvents>().WhenListeningAsync(app.Lifetime.ApplicationStopping);
        }
        catch (OperationCanceledException) when (app.Lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        Print(app);
    }

    private static void Print(WebApplication app)
    {
        var database = app.Services.GetRequiredService<StudioDatabase>();
        Console.WriteLine();
        Console.WriteLine("Streamer Studio is running.");
        foreach (var url in app.Urls)
        {
            Console.WriteLine($"  Open:      {url.Replace("0.0.0.0", "localhost").Replace("[::]", "localhost")}");
        }

        Console.WriteLine($"  Database:  {(database.IsEmbedded ? "embedded PostgreSQL in .data/postgres" : "from ConnectionStrings:Default")}");
        if (DemoAccounts.AreWanted(app.Configuration, app.Environment))
        {
            Console.WriteLine($"  Creator:   {DemoAccounts.Creator.Email} / {DemoAccounts.Creator.Password}");
            Console.WriteLine($"  Admin:     {DemoAccounts.Admin.Email} / {DemoAccounts.Admin.Password}");
        }

        if (app.Environment.IsDevelopment())
        {
            Console.WriteLine("  Emails:    written to the outbox, listed at /dev/outbox (signed in as the admin)");
        }

        Console.WriteLine("Press Ctrl+C to stop.");
        Console.WriteLine();
    }
}
