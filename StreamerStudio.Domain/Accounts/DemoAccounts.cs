using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;

namespace StreamerStudio.Domain.Accounts;

/// <summary>The logins the run command seeds and prints, so a fresh checkout can be tried at once.</summary>
public static class DemoAccounts
{
    public static readonly (string Email, string Password, string DisplayName) Creator =
        ("creator@streamer.studio", "Creator!2026", "Demo Creator");

    public static readonly (string Email, string Password, string DisplayName) Admin =
        ("admin@streamer.studio", "Admin!2026", "Studio Admin");

    /// <summary>
    /// Asked for with <c>Demo:Seed</c>, and only ever in Development: their passwords are printed and in the README,
    /// so on a real site they would be open doors.
    /// </summary>
    public static bool AreWanted(IConfiguration configuration, IHostEnvironment environment) =>
        environment.IsDevelopment() && configuration.GetValue<bool>("Demo:Seed");

    public static async Task SeedAsync(UserManager<User> users)
    {
        await EnsureAsync(users, Creator, admin: false);
        await EnsureAsync(users, Admin, admin: true);
    }

    private static async Task EnsureAsync(UserManager<User> users, (string Email, string Password, string DisplayName) demo, bool admin)
    {
        var user = await users.FindByEmailAsync(demo.Email);
        if (user is null)
        {
            user = new User { UserName = demo.Email, Email = demo.Email, EmailConfirmed = true, DisplayName = demo.DisplayName };
            Check(await users.CreateAsync(user, demo.Password));
        }

        if (admin && !await users.IsInRoleAsync(user, Roles.Admin))
        {
            Check(await users.AddToRoleAsync(user, Roles.Admin));
        }
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
        }
    }
}
