using StreamerStudio.Domain.Notifications;

namespace StreamerStudio.Web.Components.Pages.Notifications;

/// <summary>The Material icon for a notification kind, looked up by the name <see cref="NotificationKinds"/> gives.</summary>
public static class NotificationIcon
{
    public static string For(NotificationKind kind) =>
        typeof(MudBlazor.Icons.Material.Outlined).GetField(NotificationKinds.For(kind).Icon)?.GetValue(null) as string
        ?? MudBlazor.Icons.Material.Outlined.Notifications;
}
