using System.Globalization;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Components.Pages.Channels;

/// <summary>How the Channels page writes counts, dates and sync times: one definition for every part of the page.</summary>
public static class ChannelFormat
{
    /// <summary>12,480 as "12.5K", 3,912,044 as "3.9M"; below a thousand as is.</summary>
    public static string Compact(long value)
    {
        var size = Math.Abs(value);
        return size switch
        {
            < 1_000 => value.ToString("N0", CultureInfo.InvariantCulture),
            < 999_950 => (value / 1_000d).ToString("0.#", CultureInfo.InvariantCulture) + "K",
            < 999_950_000 => (value / 1_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            _ => (value / 1_000_000_000d).ToString("0.#", CultureInfo.InvariantCulture) + "B",
        };
    }

    /// <summary>"just now", "5 minutes ago", "3 hours ago", or the date when it is older than a day.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var elapsed = now - at;
        return elapsed.TotalMinutes switch
        {
            < 1 => "just now",
            < 2 => "1 minute ago",
            < 60 => $"{(int)elapsed.TotalMinutes} minutes ago",
            < 120 => "1 hour ago",
            < 1_440 => $"{(int)elapsed.TotalHours} hours ago",
            _ => $"on {Date(at)}",
        };
    }

    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    public static string Exact(DateTimeOffset at) => at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>What the platform calls the people who follow a channel.</summary>
    public static string FollowersLabel(Platform platform) => platform == Platform.Youtube ? "Subscribers" : "Followers";
}
