namespace StreamerStudio.Domain.Notifications;

public static class NotificationsServices
{
    /// <summary>The creator's notifications, their emails and the daily chores around them.</summary>
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddSingleton<NotificationService>();
        services.AddTransient<NotificationRetention>();
        services.AddTransient<NotificationReminders>();
        services.AddScoped<AdminMessages>();
        services.AddOptions<NotificationMailOptions>().BindConfiguration(NotificationMailOptions.Section);
        services.AddSingleton<UnsubscribeLinks>();
        services.AddSingleton<EmailSettings>();
        services.AddTransient<NotificationEmails>();
        return builder;
    }
}
