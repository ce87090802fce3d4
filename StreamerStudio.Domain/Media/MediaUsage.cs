using System.Globalization;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Media;

/// <summary>
/// How full a creator's media library is against their plan's cap (<see cref="TierLimits.MediaPictures"/>,
/// <see cref="TierLimits.MediaBytes"/>): the sentence the Media page shows, and the one an upload that does not fit is
/// refused with. Bytes are the stored files' (the re-encodes), as the library lists them; previews are not counted.
/// </summary>
public sealed record MediaUsage(SubscriptionTier Tier, int Pictures, long Bytes)
{
    public TierLimits Limits => TierLimits.For(Tier);

    /// <summary>"12 of 50 pictures, 40 MB of 250 MB".</summary>
    public string Describe() =>
        $"{Pictures} of {Count(Limits.MediaPictures, "picture")}, {Size(Bytes)} of {Size(Limits.MediaBytes)}";

    /// <summary>Null when one more picture of <paramref name="bytes"/> fits; else why not, what to delete and which plan keeps more.</summary>
    public string? RefusalFor(long bytes)
    {
        var limits = Limits;
        var upgrade = Upgrade();
        if (limits.MediaPictures != TierLimits.Unlimited && Pictures + 1 > limits.MediaPictures)
        {
            return $"Your media library is full: your {limits.Name} plan keeps up to {Count(limits.MediaPictures, "picture")} and you have {Pictures}. " +
                   "Delete pictures you no longer use on the Media page" +
                   (upgrade is null ? "." : $", or upgrade to {upgrade.Name} on the Billing page for {Count(upgrade.MediaPictures, "picture")}.");
        }

        if (limits.MediaBytes != TierLimits.Unlimited && Bytes + bytes > limits.MediaBytes)
        {
            return $"This picture needs {Size(bytes)} and your media library has {Size(Math.Max(limits.MediaBytes - Bytes, 0))} left " +
                   $"of the {Size(limits.MediaBytes)} your {limits.Name} plan keeps. Delete large pictures you no longer use on the Media page" +
                   (upgrade is null ? "." : $", or upgrade to {upgrade.Name} on the Billing page for {Size(upgrade.MediaBytes)}.");
        }

        return null;
    }

    /// <summary>The next tier up, when it keeps more pictures or bytes than this one.</summary>
    private TierLimits? Upgrade()
    {
        var next = Tier + 1;
        return Enum.IsDefined(next) ? TierLimits.For(next) : null;
    }

    private static string Count(int limit, string noun) =>
        limit == TierLimits.Unlimited ? $"unlimited {noun}s" : $"{limit.ToString("N0", CultureInfo.InvariantCulture)} {noun}{(limit == 1 ? "" : "s")}";

    /// <summary>Binary units with one decimal at most, as the pages write sizes: "40 MB", "1.5 GB", "512 KB".</summary>
    public static string Size(long bytes)
    {
        if (bytes == TierLimits.Unlimited)
        {
            return "unlimited space";
        }

        return FileSize.Text(bytes);
    }
}
