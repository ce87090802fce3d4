using System.Globalization;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Web.Components;

/// <summary>How the pages write money, sizes, limits, dates, tiers, statuses and scores: one definition each.</summary>
internal static class Formats
{
    public static string Money(long cents, string currency) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{(currency.Equals("usd", StringComparison.OrdinalIgnoreCase) ? "$" : currency.ToUpperInvariant() + " ")}{cents / 100m:#,0.00}");

    public static string Bytes(long bytes) => Domain.Assets.FileSize.Text(bytes);

    public static string Date(DateTimeOffset? at) =>
        at is { } value ? value.ToString("d MMM yyyy", CultureInfo.InvariantCulture) : "—";

    public static string DateTime(DateTimeOffset? at) =>
        at is { } value ? value.ToString("d MMM yyyy HH:mm", CultureInfo.InvariantCulture) : "—";

    public static string Limit(int limit) => limit == TierLimits.Unlimited ? "unlimited" : limit.ToString(CultureInfo.InvariantCulture);

    public static string Tier(SubscriptionTier tier) => TierLimits.For(tier).Name;

    public static string Status(JobStatus status) => status switch
    {
        JobStatus.Queued => "Queued",
        JobStatus.Processing => "Rendering",
        JobStatus.Completed => "Done",
        JobStatus.Failed => "Failed",
        _ => "Partly done",
    };

    public static MudBlazor.Color StatusColor(JobStatus status) => status switch
    {
        JobStatus.Completed => MudBlazor.Color.Success,
        JobStatus.Failed => MudBlazor.Color.Error,
        JobStatus.Partial => MudBlazor.Color.Warning,
        JobStatus.Processing => MudBlazor.Color.Info,
        _ => MudBlazor.Color.Default,
    };

    /// <summary>Green from 70, amber from 40, red below: the bands the viral score's suggestions are written for.</summary>
    public static MudBlazor.Color ScoreColor(int score) =>
        score >= 70 ? MudBlazor.Color.Success : score >= 40 ? MudBlazor.Color.Warning : MudBlazor.Color.Error;

    public static string Status(SubscriptionStatus status) => status switch
    {
        SubscriptionStatus.PastDue => "Payment past due",
        SubscriptionStatus.Canceled => "Cancelled",
        SubscriptionStatus.Trialing => "Trial",
        SubscriptionStatus.None => "None",
        _ => "Active",
    };
}
