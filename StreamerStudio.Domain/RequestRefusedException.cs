namespace StreamerStudio.Domain;

/// <summary>
/// A request the domain refuses, with a message written for the creator ("Brand kit not found.", "Your Free
/// plan…"). Pages show the message as it is, and <see cref="WayOut"/> (when there is one) as a link beside it;
/// nothing was changed.
/// </summary>
public sealed class RequestRefusedException(string message, WayOut? wayOut = null) : Exception(message)
{
    /// <summary>Where the creator can go to get past the refusal; null when trying again differently is the way.</summary>
    public WayOut? WayOut { get; } = wayOut;
}

/// <summary>
/// A link out of a dead end: the page renders it as a link rather than finding a page name in the message.
/// The common ones are named here so every refusal of the same kind leads to the same place.
/// </summary>
public sealed record WayOut(string Href, string Label)
{
    /// <summary>More assets: a bigger plan or a credit pack.</summary>
    public static readonly WayOut Billing = new("/billing", "Upgrade or buy credits");

    public static readonly WayOut BrandKits = new("/brand-kits", "Open your brand kits");
}
