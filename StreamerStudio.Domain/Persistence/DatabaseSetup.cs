using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Persistence;

public static class DatabaseSetup
{
    /// <summary>Applies the checked-in migrations: what a worker process needs before it takes jobs.</summary>
    public static async Task MigrateDatabaseAsync(this IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        await RetirePlainKeysAsync(db, services);
    }

    /// <summary>
    /// A database from before the key ring was encrypted holds its Data Protection keys in clear. They stay
    /// readable (what they protected still opens), but a new, encrypted key takes over at once, so nothing new is
    /// protected by a key a database dump would reveal. Once an encrypted key exists this does nothing.
    /// </summary>
    private static async Task RetirePlainKeysAsync(StudioDbContext db, IServiceProvider services)
    {
        var xml = await db.DataProtectionKeys.Select(k => k.Xml ?? "").ToListAsync();
        if (xml.Count == 0 || xml.Any(x => x.Contains("<encryptedSecret", StringComparison.Ordinal)))
        {
            return;
        }

        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var keys = services.GetRequiredService<IKeyManager>();
        // The newest activation wins, so the encrypted key must start after every plain one, even one made a moment ago.
        var latestPlain = keys.GetAllKeys().Max(k => (DateTimeOffset?)k.ActivationDate) ?? now.AddSeconds(-1);
        var activation = latestPlain >= now.AddSeconds(-1) ? latestPlain.AddMilliseconds(1) : now.AddSeconds(-1);
        keys.CreateNewKey(activationDate: activation, expirationDate: now.AddDays(90));
    }

    /// <summary>
    /// Applies the migrations, makes sure the Admin role exists and, when asked, seeds the demo logins. The web
    /// process does this; workers only migrate, so two processes starting together do not race to seed.
    /// </summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services)
    {
        await services.MigrateDatabaseAsync();
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var roles = provider.GetRequiredService<RoleManager<IdentityRole<Guid>>>();
        if (!await roles.RoleExistsAsync(Roles.Admin))
        {
            await roles.CreateAsync(new IdentityRole<Guid>(Roles.Admin));
        }

        if (DemoAccounts.AreWanted(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<IHostEnvironment>()))
        {
            await DemoAccounts.SeedAsync(provider.GetRequiredService<UserManager<User>>());
        }
    }
}
