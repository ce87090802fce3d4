using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Web.Security;

namespace StreamerStudio.Web.Components.Account;

internal static class IdentityComponentsEndpointRouteBuilderExtensions
{
    /// <summary>Logging out is a form post: it changes the cookie, which an interactive circuit cannot do.</summary>
    public static IEndpointConventionBuilder MapAdditionalIdentityEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var accountGroup = endpoints.MapGroup("/Account");

        accountGroup.MapPost("/Logout", async (
            [FromServices] SignInManager<User> signInManager,
            [FromServices] AuditTrail audit,
            HttpContext http,
            [FromForm] string? returnUrl) =>
        {
            if (http.User.UserId() is { } userId)
            {
                await audit.WriteAsync(userId, AuditTrail.Actions.Logout, "user", userId, null, null);
            }

            await signInManager.SignOutAsync();
            return TypedResults.LocalRedirect(LocalUrl.OrRoot(returnUrl));
        });

        return accountGroup;
    }
}
