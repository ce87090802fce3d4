using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using MudBlazor.Services;
using Microsoft.AspNetCore.Components.Server.Circuits;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web.Components.Account;
using StreamerStudio.Web.Security;

namespace StreamerStudio.Web;

public static class WebServices
{
    /// <summary>Blazor, MudBlazor and ASP.NET Core Identity with the product's account rules.</summary>
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);

        // Needs Identity's UserManager, which only the web host registers.
        services.AddScoped<AdminService>();
        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, RequestOriginCircuitHandler>();

        // Pages hear about job changes from any process through PostgreSQL LISTEN (one connection per web process);
        // until it is in place the process is not ready (/healthz answers 503), or pages would miss changes.
        services.AddHostedService(sp => sp.GetRequiredService<JobEvents>());
        services.AddHealthChecks().AddCheck<JobEvents>("job-events");

        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.Section);

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        services.AddAuthorization();
        services.AddDevOnlyPolicy(builder.Environment);
        services.AddRateLimits();
        if (!builder.Environment.IsDevelopment())
        {
            // Outside Development the site is served over HTTPS (HSTS): no cookie of ours may travel in clear. The
            // cookie policy marks every cookie Secure (antiforgery's own SecurePolicy would instead refuse requests
            // that reach us as plain HTTP behind a TLS-terminating proxy).
            services.Configure<CookiePolicyOptions>(o => o.Secure = CookieSecurePolicy.Always);
            services.ConfigureApplicationCookie(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }

        services.AddIdentityCore<User>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                options.Password.RequiredLength = 8;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole<Guid>>()
            .AddEntityFrameworkStores<StudioDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders();

        // Cookie requests re-check the security stamp every minute; open circuits are re-checked more often
        // by IdentityRevalidatingAuthenticationStateProvider.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return builder;
    }
}
