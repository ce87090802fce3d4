
namespace StreamerStudio.Domain.Billing;

public static class BillingServices
{
    /// <summary>Plans, Stripe checkout and webhooks, and the monthly usage reset.</summary>
    public static IHostApplicationBuilder AddBilling(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section)
            .Validate(o => o.WebhookMaxBytes > 0, "Stripe:WebhookMaxBytes must be a positive number of bytes.")
            .ValidateOnStart();
        services.AddScoped<Plans>();
        services.AddScoped<BillingService>();
        services.AddScoped<StripeWebhooks>();
        services.AddTransient<MonthlyUsageReset>();
        return builder;
    }
}
