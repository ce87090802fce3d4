using Microsoft.AspNetCore.Identity;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Web.Components.Account;

internal static class PasswordRules
{
    /// <summary>One rule a password must meet: its key (read by password-rules.js), the count it needs, and how it reads.</summary>
    public sealed record Rule(string Key, int Count, string Text);

    /// <summary>
    /// Identity's configured rules, in words, for the list beside a new-password field. Read from the same options
    /// the server checks with, so the list and the refusal cannot disagree.
    /// </summary>
    public static IReadOnlyList<Rule> Describe(PasswordOptions options)
    {
        var rules = new List<Rule> { new("length", options.RequiredLength, $"At least {options.RequiredLength} characters") };
        if (options.RequireLowercase)
        {
            rules.Add(new("lowercase", 1, "A lowercase letter (a–z)"));
        }

        if (options.RequireUppercase)
        {
            rules.Add(new("uppercase", 1, "An uppercase letter (A–Z)"));
        }

        if (options.RequireDigit)
        {
            rules.Add(new("digit", 1, "A digit (0–9)"));
        }

        if (options.RequireNonAlphanumeric)
        {
            rules.Add(new("symbol", 1, "A symbol, such as ! or #"));
        }

        if (options.RequiredUniqueChars > 1)
        {
            rules.Add(new("unique", options.RequiredUniqueChars, $"At least {options.RequiredUniqueChars} different characters"));
        }

        return rules;
    }

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
