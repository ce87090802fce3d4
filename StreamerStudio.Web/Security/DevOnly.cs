using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Web.Security;

/// <summary>
/// The one rule for developer conveniences (the email outbox, later the payment sandbox): a page marked
/// <c>[Authorize(Policy = DevOnly.Policy)]</c> exists only in Development and only for a signed-in Admin.
/// Everyone else gets 404, not a login prompt: an outbox holds password-reset links, so even its existence is
/// not advertised.
/// </summary>
public static class DevOnly
{
    public const string Policy = "dev-only";

    public static IServiceCollection AddDevOnlyPolicy(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, NotFoundForDevOnly>();
        return services.AddAuthorizationBuilder()
            .AddPolicy(Policy, policy => policy
                .RequireRole(Roles.Admin)
                .RequireAssertion(_ => environment.IsDevelopment()))
            .Services;
    }

    /// <summary>Turns a refusal of a dev-only endpoint into 404; every other refusal keeps its usual answer.</summary>
    private sealed class NotFoundForDevOnly : IAuthorizationMiddlewareResultHandler
    {
        private readonly AuthorizationMiddlewareResultHandler _default = new();

        public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
        {
            var devOnly = context.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Any(a => a.Policy == Policy) == true;
            if (devOnly && !authorizeResult.Succeeded)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return _default.HandleAsync(next, context, policy, authorizeResult);
        }
    }
}
