using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Accounts.Mail;

namespace StreamerStudio.Domain.Accounts;

public static class AccountsServices
{
    /// <summary>
    /// Identity's users, roles and tokens with the product's account rules, and the account emails. Both hosts
    /// have them (a worker's admin chores need UserManager too); signing in and cookies are the web host's.
    /// </summary>
    public static IHostApplicationBuilder AddAccounts(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
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
            .AddDefaultTokenProviders();
        services.AddScoped<AccountService>();

        // The outbox is a developer's inbox; a real site that cannot send mail cannot confirm or reset accounts.
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => isDevelopment || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Mail:Smtp:Host is not set. Outside Development emails (confirmations, password resets) must go out over SMTP: set Mail__Smtp__Host and friends.")
            .ValidateOnStart();
        var dataFolder = DataFolder.Of(builder);
        services.AddSingleton<IMailer>(sp =>
        {
            var mail = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            return string.IsNullOrWhiteSpace(mail.Smtp.Host)
                ? new OutboxMailer(Path.GetFullPath(mail.OutboxFolder, dataFolder), sp.GetRequiredService<TimeProvider>())
                : new SmtpMailer(mail);
        });
        services.AddSingleton<AccountEmails>();
        services.AddSingleton<IEmailSender<User>>(sp => sp.GetRequiredService<AccountEmails>());
        return builder;
    }
}
