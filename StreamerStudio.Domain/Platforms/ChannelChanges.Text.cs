using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using StreamerStudio.Domain.Copy;

namespace StreamerStudio.Domain.Platforms;

/// <summary>A synced YouTube video the creator can put new copy on, with what it says now.</summary>
public sealed record CopyTarget(Guid ContentItemId, string Title, string? Description, IReadOnlyList<string> Tags, string? ThumbnailUrl,
    DateTimeOffset? PublishedAt);

/// <summary>The creator's YouTube videos to pick from; <see cref="HasYoutube"/> is false when no YouTube channel is connected.</summary>
public sealed record CopyTargets(bool HasYoutube, IReadOnlyList<CopyTarget> Videos);

/// <summary>
/// New words on a video: the title, description and tags the creator chose, each left alone when null. Sent with
/// <c>videos.update part=snippet</c> after reading the snippet, so the category and languages go back as they were.
/// Each changed field is its own <see cref="ContentRevision"/>; the first one's id is the change's, and the others point
/// at it through their reason, so undo puts the whole change back at once.
/// </summary>
public sealed partial class ChannelChanges
{
    public const string TitleField = "title";
    public const string DescriptionField = "description";
    public const string TagsField = "tags";
    public const string SuggestionSource = "ai_suggestion";
    public const string CopySetAction = "video_copy_set";

    private static readonly string[] CopyScopes = ["https://www.googleapis.com/auth/youtube.force-ssl", "https://www.googleapis.com/auth/youtube"];
    private static readonly string[] TextFields = [TitleField, DescriptionField, TagsField];
    private const string CopyFeature = "editing your videos' titles and descriptions";

    /// <summary>
    /// The creator's synced YouTube videos (not shorts), newest first, matching <paramref name="search"/> when given;
    /// <paramref name="picked"/> stays in the list even when its new words no longer match.
    /// </summary>
    public async Task<CopyTargets> CopyTargetsAsync(Guid userId, string? search, Guid? picked = null, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var hasYoutube = await db.Channels.AnyAsync(c => c.UserId == userId && c.Platform == Platform.Youtube, cancellationToken);
        var videos = db.ContentItems.AsNoTracking().Where(i => i.UserId == userId && i.Platform == Platform.Youtube && i.Kind != ContentKind.Short);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var words = search.Trim();
            videos = videos.Where(i => i.Id == picked || i.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("simple", words))
                                       || EF.Functions.ILike(i.Title, "%" + words + "%"));
        }

        var list = await videos.OrderByDescending(i => i.PublishedAt).Take(20)
            .Select(i => new CopyTarget(i.Id, i.Title, i.Description, i.Tags, i.ThumbnailUrl, i.PublishedAt)).ToListAsync(cancellationToken);
        return new CopyTargets(hasYoutube, list);
    }

    /// <summary>
    /// Puts the chosen title, description and tags (null: leave that one alone) on the creator's YouTube video. Refused
    /// before anything is sent when a field is past YouTube's limits or nothing would change; YouTube's own refusals are
    /// said in the creator's words. The revisions, the synced item and the audit row are written together.
    /// </summary>
    public async Task<ChangeDone> ApplyCopyAsync(Guid userId, Guid contentItemId, string? title, string? description, IReadOnlyList<string>? tags,
        CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var video = await FindVideoAsync(db, userId, contentItemId, cancellationToken);
        var wanted = CheckCopy(title, description, tags);
        var youtube = await YoutubeAsync(db, userId, video.ConnectionId, CopyScopes, CopyFeature, cancellationToken);
        var changes = await PutCopyAsync(userId, youtube, video, wanted, null, cancellationToken);
        if (changes.Count == 0)
        {
            throw new RequestRefusedException("The video already says exactly this on YouTube; nothing was changed.");
        }

        var changeId = await RecordCopyAsync(db, userId, video, changes, SuggestionSource, null, cancellationToken);
        return new ChangeDone(changeId, $"New {Fields(changes)} on “{Clip(changes.FirstOrDefault(c => c.Field == TitleField)?.New?.GetValue<string>() ?? video.Title)}”.", null);
    }

    private async Task<ChangeDone> UndoCopyAsync(StudioDbContext db, Guid userId, ContentRevision first, CancellationToken cancellationToken)
    {
        var group = await db.ContentRevisions.AsNoTracking()
            .Where(r => r.UserId == userId && (r.Id == first.Id || r.Reason == GroupReason(first.Id)))
            .ToListAsync(cancellationToken);
        var video = await FindVideoAsync(db, userId, first.ContentItemId ?? Guid.Empty, cancellationToken);
        var back = group.ToDictionary(r => r.Field, r => FromStored(r.Field, r.OldValue));
        var expected = group.ToDictionary(r => r.Field, r => FromStored(r.Field, r.NewValue));
        var youtube = await YoutubeAsync(db, userId, video.ConnectionId, CopyScopes, CopyFeature, cancellationToken);
        var changes = await PutCopyAsync(userId, youtube, video, back, expected, cancellationToken);
        if (changes.Count == 0)
        {
            throw new RequestRefusedException("The video already says what it said before; nothing was changed.");
        }

        var changeId = await RecordCopyAsync(db, userId, video, changes, UndoSource, UndoReason(first.Id), cancellationToken);
        var title = changes.FirstOrDefault(c => c.Field == TitleField)?.New?.GetValue<string>() ?? video.Title;
        return new ChangeDone(changeId, $"The previous {Fields(changes)} {(changes.Count == 1 && changes[0].Field != TagsField ? "is" : "are")} back on “{Clip(title)}”.", null);
    }

    /// <summary>
    /// Reads the snippet, replaces the wanted fields and sends it back; the fields that really changed, old (as YouTube had
    /// it) and new. With <paramref name="expected"/> (an undo), a field YouTube no longer holds as we left it is refused
    /// rather than overwritten: the creator changed it elsewhere since.
    /// </summary>
    private async Task<List<CopyChange>> PutCopyAsync(Guid userId, YoutubeWrites youtube, Video video, Dictionary<string, JsonNode?> wanted,
        Dictionary<string, JsonNode?>? expected, CancellationToken cancellationToken)
    {
        try
        {
            var read = await youtube.VideoSnippetAsync(video.PlatformContentId, cancellationToken);
            var snippet = YoutubeWrites.WritableSnippet(read);
            var changes = new List<CopyChange>();
            foreach (var field in TextFields.Where(wanted.ContainsKey))
            {
                var now = Normalized(field, snippet[field]);
                if (expected is not null && !JsonNode.DeepEquals(now, Normalized(field, expected[field])))
                {
                    throw new RequestRefusedException(
                        $"The {field} was changed on YouTube since, so it was not put back (nothing was changed). Edit it in YouTube Studio if you still want the old one.");
                }

                var next = Normalized(field, wanted[field]);
                if (!JsonNode.DeepEquals(now, next))
                {
                    changes.Add(new CopyChange(field, now, next));
                    snippet[field] = next?.DeepClone();
                }
            }

            if (changes.Count > 0)
            {
                await youtube.UpdateVideoSnippetAsync(video.PlatformContentId, snippet, cancellationToken);
            }

            return changes;
        }
        catch (YoutubeRefusedException e)
        {
            LogYoutubeRefused(userId, e.Status, e.Reason);
            throw CopyRefusal(e);
        }
    }

    /// <summary>One revision per changed field, the synced item's new words and the audit row, in one transaction.</summary>
    private async Task<Guid> RecordCopyAsync(StudioDbContext db, Guid userId, Video video, List<CopyChange> changes, string source, string? reason,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changeId = Guid.CreateVersion7();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        for (var i = 0; i < changes.Count; i++)
        {
            db.ContentRevisions.Add(new ContentRevision
            {
                Id = i == 0 ? changeId : Guid.CreateVersion7(), ChannelId = video.ChannelId, ContentItemId = video.Id, UserId = userId,
                Field = changes[i].Field, OldValue = Stored(changes[i].Old), NewValue = Stored(changes[i].New), Source = source,
                Reason = i == 0 ? reason : GroupReason(changeId), CreatedAt = now,
            });
        }

        await db.SaveChangesAsync(cancellationToken);
        var item = await db.ContentItems.SingleAsync(i => i.Id == video.Id && i.UserId == userId, cancellationToken);
        foreach (var change in changes)
        {
            switch (change.Field)
            {
                case TitleField:
                    item.Title = change.New?.GetValue<string>() ?? "";
                    break;
                case DescriptionField:
                    item.Description = change.New?.GetValue<string>();
                    break;
                default:
                    item.Tags = [.. change.New?.AsArray().Select(t => t!.GetValue<string>()) ?? []];
                    break;
            }
        }

        item.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await audit.WriteAsync(userId, CopySetAction, "content_item", video.Id,
            changes.ToDictionary(c => c.Field, c => c.Old?.DeepClone()),
            new JsonObject([.. changes.Select(c => KeyValuePair.Create(c.Field, c.New?.DeepClone())), KeyValuePair.Create<string, JsonNode?>("revision", changeId.ToString()),
                KeyValuePair.Create<string, JsonNode?>("source", source)]),
            db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogCopySet(userId, video.Id, changeId);
        return changeId;
    }

    /// <summary>YouTube's limits, checked before anything is sent: title 1–100 characters, description 5,000 bytes, tags 500 characters, no angle brackets.</summary>
    internal static Dictionary<string, JsonNode?> CheckCopy(string? title, string? description, IReadOnlyList<string>? tags)
    {
        var wanted = new Dictionary<string, JsonNode?>();
        if (title is not null)
        {
            var text = OneLine(title);
            if (text.Length == 0)
            {
                throw new RequestRefusedException("A YouTube title cannot be empty.");
            }

            if (text.Length > PlatformLimits.YouTubeTitle)
            {
                throw new RequestRefusedException($"YouTube titles are at most {PlatformLimits.YouTubeTitle} characters; this one has {text.Length}.");
            }

            wanted[TitleField] = NoAngleBrackets(text, "title");
        }

        if (description is not null)
        {
            var text = description.Replace("\r\n", "\n").Trim();
            var bytes = Encoding.UTF8.GetByteCount(text);
            if (bytes > PlatformLimits.YouTubeDescription)
            {
                throw new RequestRefusedException(
                    $"YouTube descriptions are at most {PlatformLimits.YouTubeDescription:N0} bytes (emoji and accented letters count more than one); this one has {bytes:N0}.");
            }

            wanted[DescriptionField] = NoAngleBrackets(text, "description");
        }

        if (tags is not null)
        {
            var list = tags.Select(OneLine).Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (list.FirstOrDefault(t => t.Contains(',')) is { } comma)
            {
                throw new RequestRefusedException($"A YouTube tag cannot contain a comma: “{Clip(comma)}”.");
            }

            var length = CopySuggestions.CountTags(list);
            if (length > PlatformLimits.YouTubeTagsTotal)
            {
                throw new RequestRefusedException(
                    $"YouTube allows {PlatformLimits.YouTubeTagsTotal} characters of tags in all (a tag with spaces counts its quotes); these come to {length}. Remove a few.");
            }

            foreach (var tag in list)
            {
                NoAngleBrackets(tag, "tags");
            }

            wanted[TagsField] = new JsonArray([.. list.Select(t => (JsonNode)t)]);
        }

        if (wanted.Count == 0)
        {
            throw new RequestRefusedException("Choose a title, description or tags to put on the video.");
        }

        return wanted;
    }

    private static string NoAngleBrackets(string text, string field) =>
        text.IndexOfAny(['<', '>']) < 0 ? text : throw new RequestRefusedException($"YouTube does not allow < or > in a video's {field}; take them out and try again.");

    private static string OneLine(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string Fields(List<CopyChange> changes) => changes.Count switch
    {
        1 => changes[0].Field,
        _ => string.Join(", ", changes.Take(changes.Count - 1).Select(c => c.Field)) + " and " + changes[^1].Field,
    };

    private static string Clip(string text) => text.Length <= 60 ? text : text[..60] + "…";

    /// <summary>One shape per field so comparing what YouTube holds with what we send is fair: a missing description is "", missing tags [].</summary>
    private static JsonNode? Normalized(string field, JsonNode? value) => field switch
    {
        TagsField => value as JsonArray is { } tags ? tags.DeepClone() : new JsonArray(),
        DescriptionField => JsonValue.Create(value?.GetValue<string>() ?? ""),
        _ => value?.DeepClone(),
    };

    /// <summary>Revisions keep text as text and tags as a JSON array, so undo can send back exactly what was there.</summary>
    private static string? Stored(JsonNode? value) => value switch
    {
        null => null,
        JsonArray tags => tags.ToJsonString(),
        _ => value.GetValue<string>(),
    };

    private static JsonNode? FromStored(string field, string? stored) => field == TagsField
        ? stored is null ? new JsonArray() : JsonNode.Parse(stored)
        : stored is null ? null : JsonValue.Create(stored);

    private static string GroupReason(Guid changeId) => $"with:{changeId}";

    /// <summary>What YouTube's refusal of new words means for the creator. Nothing was changed in every case.</summary>
    private static RequestRefusedException CopyRefusal(YoutubeRefusedException e) => e switch
    {
        { Status: 403, Reason: "quotaExceeded" or "dailyLimitExceeded" } => new RequestRefusedException(
            "YouTube's daily allowance for Streamer Studio is used up. Try again after midnight Pacific time; nothing was changed."),
        { Status: 403, Reason: "forbidden" or "videoForbidden" } => new RequestRefusedException(
            "YouTube does not let Streamer Studio edit this video (is it still yours, and not locked by a claim?). Nothing was changed."),
        { Status: 400, Reason: "invalidTitle" } => new RequestRefusedException("YouTube did not accept this title. Nothing was changed."),
        { Status: 400, Reason: "invalidDescription" } => new RequestRefusedException("YouTube did not accept this description. Nothing was changed."),
        { Status: 400, Reason: "invalidTags" } => new RequestRefusedException("YouTube did not accept these tags. Nothing was changed."),
        _ => Refusal(e, CopyFeature, "video"),
    };

    private sealed record CopyChange(string Field, JsonNode? Old, JsonNode? New);

    [LoggerMessage(Level = LogLevel.Information, Message = "Creator {UserId} put new copy on content item {ContentItemId} (change {ChangeId})")]
    private partial void LogCopySet(Guid userId, Guid contentItemId, Guid changeId);
}
