using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Web;

/// <summary>What the run command prints once the app is listening: where to go and how to log in.</summary>
internal static class Welcome
{
    public static void Print(WebApplication app)
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
