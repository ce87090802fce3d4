using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Web.Components.Account;

public static class SignInServices
{
    /// <summary>
    /// Identity's cookies and sign-in on top of the users, roles and tokens AddAccounts registers for both hosts,
    /// and the circuit's view of who is signed in.
    /// </summary>
    public static IHostApplicationBuilder AddSignIn(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section)
            .Validate(o => o.CircuitRevalidationSeconds >= 1, "Accounts:CircuitRevalidationSeconds must be at least 1.")
            .ValidateOnStart();

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        new IdentityBuilder(typeof(User), typeof(IdentityRole<Guid>), services).AddSignInManager();

        // Cookie requests re-check the security stamp every minute; open circuits are re-checked more often
        // by IdentityRevalidatingAuthenticationStateProvider.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return builder;
    }
}
