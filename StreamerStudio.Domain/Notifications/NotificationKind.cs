namespace StreamerStudio.Domain.Notifications;

/// <summary>What a notification is about. Stored as text; a new feature adds its kind here and to <see cref="NotificationKinds"/>.</summary>
public enum NotificationKind
{
    JobFinished,
    JobFailed,
    PackFinished,
    PackFailed,
    AllowanceNearlyUsed,
    AllowanceUsedUp,
    CreditsLow,
    PaymentFailed,
    PaymentRecovered,
    PlanChanged,
    RenewalComing,
    AssetExpiring,
    ChannelNeedsReconnect,
    AdminMessage,
}

/// <param name="Label">How the kind is named in filters and settings, in the creator's words.</param>
/// <param name="Mailable">Whether it can go out by email at all, and is switched on by default.</param>
/// <param name="Icon">A Material icon name, rendered by the web layer.</param>
public sealed record NotificationKindInfo(NotificationKind Kind, string Label, bool Mailable, string Icon);

/// <summary>
/// The one list of notification kinds: what each is called and whether it may be mailed. Mailed are the ones a
/// person would act on away from the app (money, an allowance used up, a renewal, something about to be deleted,
/// a channel that stopped syncing, a word from us). Job results are not: the creator started the job and is
/// usually still here, and a pack's result is on the Jobs page whenever they come back.
/// </summary>
public static class NotificationKinds
{
    public static readonly IReadOnlyList<NotificationKindInfo> All =
    [
        new(NotificationKind.JobFinished, "Asset ready", Mailable: false, "CheckCircle"),
        new(NotificationKind.JobFailed, "Asset failed", Mailable: false, "Error"),
        new(NotificationKind.PackFinished, "Pack ready", Mailable: false, "CheckCircle"),
        new(NotificationKind.PackFailed, "Pack failed", Mailable: false, "Error"),
        new(NotificationKind.AllowanceNearlyUsed, "Allowance at 80%", Mailable: false, "DataUsage"),
        new(NotificationKind.AllowanceUsedUp, "Allowance used up", Mailable: true, "DataUsage"),
        new(NotificationKind.CreditsLow, "Credits running low", Mailable: false, "Toll"),
        new(NotificationKind.PaymentFailed, "Payment failed", Mailable: true, "CreditCardOff"),
        new(NotificationKind.PaymentRecovered, "Payment went through", Mailable: false, "CreditCard"),
        new(NotificationKind.PlanChanged, "Plan changed", Mailable: false, "WorkspacePremium"),
        new(NotificationKind.RenewalComing, "Yearly renewal coming", Mailable: true, "Event"),
        new(NotificationKind.AssetExpiring, "Asset expiring", Mailable: true, "HourglassBottom"),
        new(NotificationKind.ChannelNeedsReconnect, "Channel needs reconnecting", Mailable: true, "LinkOff"),
        new(NotificationKind.AdminMessage, "Message from Streamer Studio", Mailable: true, "Campaign"),
    ];

    public static NotificationKindInfo For(NotificationKind kind) => All.Single(k => k.Kind == kind);

    public static IEnumerable<NotificationKindInfo> Mailable => All.Where(k => k.Mailable);
}
