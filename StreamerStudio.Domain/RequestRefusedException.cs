namespace StreamerStudio.Domain;

/// <summary>
/// A request the domain refuses, with a message written for the creator ("Brand kit not found.", "Your Free
/// plan…"). Pages show the message as it is; nothing was changed.
/// </summary>
public sealed class RequestRefusedException(string message) : Exception(message);
