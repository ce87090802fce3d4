using Microsoft.AspNetCore.HttpOverrides;
using StreamerStudio.Domain;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Observability;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web.Components;
using StreamerStudio.Web.Components.Account;
using StreamerStudio.Web.Components.Pages.Home;
using StreamerStudio.Web.Sandbox;
using StreamerStudio.Web.Security;

namespace StreamerStudio.Web;

/// <summary>The whole app in one place, so the tests start exactly what Program.cs starts.</summary>
public static class StudioApp
{
    public static async Task<WebApplication> CreateAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Named explicitly so the static web asset manifests are found also when a test process hosts the app.
            ApplicationName = typeof(StudioApp).Assembly.GetName().Name,
            ContentRootPath = ContentRoot.Locate(),
        });
        // Library assets (MudBlazor, the Blazor script) are served from the build's static web asset manifest in
        // every environment, because the content root is the repository rather than the project folder.
        // A published app has no such manifest and serves them from its own wwwroot.
        builder.WebHost.UseStaticWebAssets();
        builder.AddDomainServices(await StudioDatabase.StartAsync(builder), KeyRingCertificate.Load(builder, TimeProvider.System));
        builder.AddObservability();
        // Development without Stripe keys: a local Stripe sandbox, started here (after the database, which may refuse).
        await StripeSandbox.StartInDevelopmentAsync(builder);
        // Likewise Twitch, YouTube and TikTok without client ids: a local stand-in speaking their OAuth.
        await PlatformSandbox.StartInDevelopmentAsync(builder);
        builder.AddWebServices();
        // Whether to register a job server at all is decided while registering, before IOptions exists, so this
        // one setting is read from configuration here (through the same class, so the default stays in one place).
        var generation = builder.Configuration.GetSection(GenerationOptions.Section).Get<GenerationOptions>() ?? new GenerationOptions();
        builder.AddBackgroundJobs(runServer: generation.RunWorkerInWeb);

        var app = builder.Build();
        // The address and scheme a proxy on this machine saw (the rate limits key on the address, HSTS needs HTTPS);
        // ASP.NET Core trusts only loopback proxies by default, so nobody else can spoof them.
        app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
        // Early, so that every response carries the headers, errors and files included.
        app.UseSecurityHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
            app.UseCookiePolicy();
        }

        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseStaticFiles();
        app.UseRateLimits();
        app.UseRequestOrigins();
        app.UseAntiforgery();

        app.MapStaticAssets();
        // Blazor's own frame-ancestors header is off: SecurityHeaders writes the whole policy.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        app.MapAdditionalIdentityEndpoints();
        app.MapAssetEndpoints();
        app.MapBrandKitEndpoints();
        app.MapHomeExamples();
        app.MapStripeEndpoints();
        app.MapAdminEndpoints();
        app.MapChannelEndpoints();
        app.MapEmailEndpoints();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
