using MudBlazor.Services;
using Microsoft.AspNetCore.Components.Server.Circuits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Web.Components.Account;
using StreamerStudio.Web.Security;

namespace StreamerStudio.Web;

public static class WebServices
{
    public const int MaxCircuitMessageBytes = 256 * 1024;

    /// <summary>Blazor, MudBlazor, signing in and the site's guards; the domain's services come from AddDomainServices.</summary>
    public static IHostApplicationBuilder AddWebServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        // SignalR's default 32 KB per message dropped the circuit when a creator typed a brief near its 20,000-character
        // limit or pasted a few hundred samples: the text never arrived and the page answered as if the field were
        // empty. 256 KB carries a full brief in any script (and, as the field sends its value with the change event,
        // with room to spare); the services still refuse what is over their own limits, with a message.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = MaxCircuitMessageBytes);
        // Circuits:DisconnectedCircuitRetentionPeriod and friends; the defaults stand unless set (bench/CircuitMemory
        // shortens the retention to see memory given back without waiting the default three minutes).
        services.AddOptions<Microsoft.AspNetCore.Components.Server.CircuitOptions>().BindConfiguration("Circuits");
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);

        services.AddHttpContextAccessor();
        services.AddScoped<CircuitHandler, RequestOriginCircuitHandler>();

        // Pages hear about job changes from any process through PostgreSQL LISTEN (one connection per web process);
        // until it is in place the process is not ready (/healthz answers 503), or pages would miss changes.
        services.AddHostedService(sp => sp.GetRequiredService<JobEvents>());
        services.AddHealthChecks().AddCheck<JobEvents>("job-events");

        builder.AddSignIn();
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

        return builder;
    }
}
