using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Domain.Persistence;

public static class DatabaseSetup
{
    /// <summary>Applies the checked-in migrations, makes sure the Admin role exists and, when asked, seeds the demo logins.</summary>
    public static async Task PrepareDatabaseAsync(this IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        await using (var db = await provider.GetRequiredService<IDbContextFactory<StudioDbContext>>().CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
        }

        // A worker process has no Identity; the web process sees to roles and demo logins.
        if (provider.GetService<RoleManager<IdentityRole<Guid>>>() is not { } roles)
        {
            return;
        }

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
