using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace StreamerStudio.Web.Components.Account;

/// <summary>The acting user's id, taken from the signed-in principal and never from the browser.</summary>
public static class CurrentUser
{
    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static async Task<Guid?> UserIdAsync(this Task<AuthenticationState>? state) =>
        state is null ? null : (await state).User.UserId();
}
