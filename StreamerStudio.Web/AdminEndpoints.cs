using Hangfire;
using Hangfire.Dashboard;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Web;

public static class AdminEndpoints
{
    public const string DashboardPath = "/admin/jobs/dashboard";

    /// <summary>Hangfire's own dashboard, for admins only: anyone else gets 401 (anonymous) or 403.</summary>
    public static void MapAdminEndpoints(this WebApplication app)
    {
        app.UseHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            DashboardTitle = "Streamer Studio jobs",
            AppPath = "/admin",
        });
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}
