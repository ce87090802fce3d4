using Microsoft.AspNetCore.Identity;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Web.Components.Account;

internal static class PasswordRules
{
    /// <summary>
    /// What Identity's password rules say about <paramref name="password"/>, asked before anything else is looked
    /// up, so a weak password gets the same answer whether or not the email has an account.
    /// </summary>
    public static async Task<IReadOnlyList<IdentityError>> ProblemsAsync(this UserManager<User> users, User user, string password)
    {
        var problems = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            problems.AddRange((await validator.ValidateAsync(users, user, password)).Errors);
        }

        return problems;
    }
}
