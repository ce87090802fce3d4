using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Accounts.Mail;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Domain;

public static class DomainServices
{
    /// <summary>Registers the database, the domain services and the integrations they use.</summary>
    public static IHostApplicationBuilder AddDomainServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        var dataFolder = Path.GetFullPath(config["DataFolder"] ?? ".data", builder.Environment.ContentRootPath);

        services.AddSingleton(TimeProvider.System);

        var database = StudioDatabase.Resolve(config.GetConnectionString("Default"), dataFolder);
        services.AddSingleton(database);
        services.AddHostedService(sp => sp.GetRequiredService<StudioDatabase>());
        services.AddDbContextFactory<StudioDbContext>((sp, options) => options
            .UseNpgsql(database.ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new ClockStamps(sp.GetRequiredService<TimeProvider>())));
        services.AddHealthChecks().AddDbContextCheck<StudioDbContext>("database");

        // Every web instance (and worker) reads every cookie, antiforgery token and encrypted platform token:
        // the Data Protection keys live in PostgreSQL, encrypted with a certificate the database does not hold.
        // Keys written before they were encrypted (databases from earlier runs) are plain XML and stay readable:
        // only keys marked as encrypted go through the certificate. Such a key stays the default until it expires
        // (90 days after its creation); the next one is encrypted. The old key's XML stays plain for as long as its
        // row is kept, so what it protected is no better off than before; only what newer keys protect is covered.
        var keyRing = config.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions();
        services.AddDataProtection()
            .SetApplicationName("StreamerStudio")
            .PersistKeysToDbContext<StudioDbContext>()
            .ProtectKeysWithCertificate(KeyRingCertificate.Load(keyRing, builder.Environment, dataFolder));

        // The outbox is a developer's inbox; a real site that cannot send mail cannot confirm or reset accounts.
        var isDevelopment = builder.Environment.IsDevelopment();
        services.AddOptions<MailOptions>().BindConfiguration(MailOptions.Section)
            .Validate(o => isDevelopment || !string.IsNullOrWhiteSpace(o.Smtp.Host),
                "Mail:Smtp:Host is not set. Outside Development emails (confirmations, password resets) must go out over SMTP: set Mail__Smtp__Host and friends.")
            .ValidateOnStart();
        var mail = config.GetSection(MailOptions.Section).Get<MailOptions>() ?? new MailOptions();
        if (string.IsNullOrWhiteSpace(mail.Smtp.Host))
        {
            services.AddSingleton(sp => new OutboxMailer(Path.GetFullPath(mail.OutboxFolder, dataFolder), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<IMailer>(sp => sp.GetRequiredService<OutboxMailer>());
        }
        else
        {
            services.AddSingleton<IMailer>(new SmtpMailer(mail));
        }

        services.AddSingleton<AccountEmails>();
        services.AddSingleton<IEmailSender<User>>(sp => sp.GetRequiredService<AccountEmails>());
        services.AddScoped<AccountService>();
        services.AddScoped<Admin.RequestOrigin>();
        services.AddScoped<Admin.AuditTrail>();

        var storage = config.GetSection(StorageOptions.Section).Get<StorageOptions>() ?? new StorageOptions();
        services.AddSingleton<IAssetStorage>(storage.Provider.Equals("s3", StringComparison.OrdinalIgnoreCase)
            ? S3AssetStorage.Create(storage.S3)
            : new LocalAssetStorage(Path.GetFullPath(storage.LocalFolder, dataFolder)));
        services.AddScoped<AssetService>();
        services.AddTransient<AssetExpiry>();
        services.AddScoped<BrandKitService>();
        services.AddSingleton<BrandKitPreview>();
        services.AddSingleton<DraftImages>();

        builder.AddRendering();
        services.AddOptions<GenerationOptions>()
            .BindConfiguration(GenerationOptions.Section)
            .Validate(o => o.RetryDelays.All(d => d >= 0), "Generation:RetryDelaysSeconds must not be negative.")
            .Validate(o => o.WorkerCount >= 1, "Generation:WorkerCount must be at least 1.")
            // Hangfire renews a fetched job at most once a second and counts its timeout in whole seconds.
            .Validate(o => o.WorkerTimeoutSeconds >= 3, "Generation:WorkerTimeoutSeconds must be at least 3.")
            .ValidateOnStart();
        // Listening (the hosted service) is the web host's business: see WebServices.
        services.AddSingleton<JobEvents>();
        services.AddScoped<GenerationService>();
        services.AddTransient<GenerationWorker>();
        services.AddTransient<JobQueue>();
        services.AddTransient<MonthlyUsageReset>();

        services.AddScoped<Platforms.PlatformConnectionService>();

        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section)
            .Validate(o => o.WebhookMaxBytes > 0, "Stripe:WebhookMaxBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddScoped<Plans>();
        services.AddScoped<BillingService>();
        services.AddScoped<StripeWebhooks>();
        return builder;
    }
}
