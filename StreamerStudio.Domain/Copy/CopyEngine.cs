namespace StreamerStudio.Domain.Copy;

/// <summary>Platform limits the suggestions keep to, shown beside them. One definition for every engine and page.</summary>
public static class PlatformLimits
{
    public const int YouTubeTitle = 100;
    /// <summary>About where the YouTube feed cuts a title off with "…" on most screens.</summary>
    public const int YouTubeFeedCut = 70;
    public const int YouTubeTagsTotal = 500;
    public const int YouTubeDescription = 5_000;
    public const int TwitchTitle = 140;
    public const int GoLiveNotification = 140;
    public const int MaxBrief = 20_000;
}

/// <summary>One suggested line with its voice score and the limit it keeps to (and the feed's cut-off point, for YouTube titles).</summary>
public sealed record ScoredText(string Text, VoiceScore Score, int Limit, int? FeedCut = null)
{
    public int Length => Text.Length;
    public bool PastFeedCut => FeedCut is { } cut && Text.Length > cut;

    /// <summary>SEO notes, on YouTube titles only.</summary>
    public SeoScore? Seo { get; init; }
}

public sealed record DescriptionSuggestion(ScoredText Hook, string Text);

/// <summary>Everything suggested for one brief, and which engine wrote it.</summary>
public sealed record CopySuggestions(
    string Engine,
    IReadOnlyList<ScoredText> Titles,
    DescriptionSuggestion Description,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Hashtags,
    ScoredText TwitchTitle,
    ScoredText GoLiveNotification)
{
    /// <summary>What the creator should know before using these: e.g. a provider's output repeating an instruction found in a sample.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Tags as YouTube counts them: their characters plus the commas between.</summary>
    public int TagsLength => CountTags(Tags);

    public static int CountTags(IEnumerable<string> tags)
    {
        var list = tags.ToList();
        return list.Sum(t => t.Length + (t.Contains(' ') ? 2 : 0)) + Math.Max(0, list.Count - 1);
    }
}

/// <summary>
/// Writes suggestions from a brief in a brand's voice. The built-in engine implements it now; the provider engines
/// (behind Microsoft.Extensions.AI's IChatClient) will implement the same interface.
/// </summary>
public interface ICopyEngine
{
    /// <summary>Shown with the suggestions, so the creator knows what wrote them.</summary>
    string Name { get; }

    Task<CopySuggestions> SuggestAsync(string brief, BrandVoice voice, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same suggestions, with drafts as they are written: every item but the last has only <see cref="CopyDraft.Written"/>
    /// (display-only, never to be kept); the last has the finished <see cref="CopyDraft.Result"/>. A refusal can come after
    /// drafts; then nothing is kept. An engine that does not stream yields the result alone.
    /// </summary>
    IAsyncEnumerable<CopyDraft> StreamAsync(string brief, BrandVoice voice, CancellationToken cancellationToken = default);
}

/// <summary>One step of a streamed suggestion: the raw text written so far, and on the last step the finished suggestions.</summary>
public sealed record CopyDraft(string Written, CopySuggestions? Result = null);

/// <summary>A brief the engines accept: not empty, at most <see cref="PlatformLimits.MaxBrief"/> characters.</summary>
public static class CopyBrief
{
    public static string Check(string? brief)
    {
        var text = (brief ?? "").Trim();
        if (text.Length == 0)
        {
            throw new RequestRefusedException("Describe the video or stream first: what happens in it, the game, the moment.");
        }

        if (text.Length > PlatformLimits.MaxBrief)
        {
            throw new RequestRefusedException(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Keep the brief to {PlatformLimits.MaxBrief:N0} characters or fewer; this one has {text.Length:N0}."));
        }

        return text;
    }
}
