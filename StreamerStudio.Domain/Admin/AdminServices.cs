
namespace StreamerStudio.Domain.Admin;

public static class AdminServices
{
    /// <summary>The admin area's service and the audit trail every feature writes to.</summary>
    public static IHostApplicationBuilder AddAdmin(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RequestOrigin>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<AdminService>();
        builder.Services.AddScoped<SecurityHistory>();
        return builder;
    }
}
