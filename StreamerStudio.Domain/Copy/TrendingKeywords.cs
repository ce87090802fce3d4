namespace StreamerStudio.Domain.Copy;

/// <summary>
/// The keyword source for SEO notes when a channel is synced: the words of the creator's own most-viewed recent titles
/// (seed 002 <c>trending_keyword</c>, with the channel itself as the source), weighted by views. No synced content, no
/// trending words — and the notes say so rather than invent any.
/// </summary>
public static class TrendingKeywords
{
    /// <summary>"Recent" is the newest items rather than a date window, so a channel that posts monthly still has a source.</summary>
    public const int RecentItems = 30;
    public const int TopTitles = 10;
    public const int MaxKeywords = 8;

    public static async Task<IReadOnlyList<string>> ForCreatorAsync(StudioDbContext db, Guid userId, CancellationToken cancellationToken)
    {
        var titles = await db.ContentItems.AsNoTracking()
            .Where(i => i.UserId == userId)
            .OrderByDescending(i => i.PublishedAt).Take(RecentItems)
            .OrderByDescending(i => i.ViewCount ?? 0).Take(TopTitles)
            .Select(i => new { i.Title, Views = i.ViewCount ?? 0 }).ToListAsync(cancellationToken);
        return From(titles.Select(t => (t.Title, t.Views)));
    }

    /// <summary>Each title's content words, weighted by the log of its views so one hit does not drown the rest.</summary>
    public static IReadOnlyList<string> From(IEnumerable<(string Title, long Views)> titles) =>
        [.. titles
            .SelectMany(t => VoiceText.ContentWords(t.Title).Distinct().Where(w => w.Length >= 3 && !w.All(char.IsDigit))
                .Select(w => (Word: w, Weight: Math.Log10(10 + t.Views))))
            .GroupBy(x => x.Word)
            .OrderByDescending(g => g.Sum(x => x.Weight)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(MaxKeywords)
            .Select(g => g.Key)];
}
