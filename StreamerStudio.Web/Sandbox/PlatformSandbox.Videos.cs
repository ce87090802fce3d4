using System.Text;
using System.Text.Json.Nodes;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Sandbox;

/// <summary>
/// YouTube's <c>videos.update part=snippet</c> in the sandbox: the snippet sent replaces the video's (title and categoryId
/// required; a description or tags left out are gone, as on YouTube), and <c>videos.list</c> then answers with it. The
/// checks and refusals are YouTube's: token, scope, the video's owner, the title, description and tag limits, and a quota
/// that can be made to run out.
/// </summary>
public sealed partial class PlatformSandbox
{
    private readonly Dictionary<string, JsonObject> _snippets = [];

    /// <summary>Every <c>videos.update</c> answers 403 <c>quotaExceeded</c>, as YouTube does once the project's daily units are spent.</summary>
    public bool YoutubeQuotaExceeded { get; set; }

    /// <summary>The writable snippet of a sample YouTube video as the sandbox holds it now: title, description, tags, categoryId (a copy).</summary>
    public JsonObject YoutubeSnippet(string videoId)
    {
        lock (_lock)
        {
            return (JsonObject)Snippet(SandboxSamples.Videos(Platform.Youtube).Single(v => v.Id == videoId)).DeepClone();
        }
    }

    /// <summary>Puts the sample videos' words back as they were published, so a test starts from the samples.</summary>
    public void ResetYoutubeVideos()
    {
        lock (_lock)
        {
            _snippets.Clear();
        }
    }

    /// <summary>The video's writable snippet now. Call under the lock.</summary>
    private JsonObject Snippet(SandboxVideo video) => _snippets.TryGetValue(video.Id, out var changed)
        ? changed
        : new JsonObject
        {
            ["title"] = video.Title, ["description"] = video.Description, ["tags"] = new JsonArray([.. video.Tags.Select(t => (JsonNode)t)]),
            ["categoryId"] = "20",
        };

    private async Task<IResult> UpdateVideoAsync(HttpRequest request)
    {
        if (Authorized(request, Platform.Youtube) is not { } grant)
        {
            return Unauthenticated();
        }

        if (!grant.Scopes.Intersect([ForceSslScope, ManageScope]).Any())
        {
            return InsufficientScopes();
        }

        if (YoutubeQuotaExceeded)
        {
            return GoogleError(403, "quotaExceeded", "quotaExceeded", "youtube.quota",
                "The request cannot be completed because you have exceeded your <a href=\"/youtube/v3/getting-started#quota\">quota</a>.");
        }

        if (!SplitScopes(request.Query["part"].ToString()).SequenceEqual(["snippet"]))
        {
            return GoogleError(400, "badRequest", "invalidPart", "youtube.part", "The sandbox updates the snippet part only.");
        }

        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        var id = body?["id"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var video = SandboxSamples.Videos(Platform.Youtube).FirstOrDefault(v => v.Id == id);
        if (video is null || grant.Account.Id != SandboxSamples.Youtube.Id)
        {
            return GoogleError(404, "notFound", "videoNotFound", "youtube.video",
                "The video that you are trying to update cannot be found. Check the value of the <code>id</code> field in the request body to ensure that it is correct.");
        }

        if (body!["snippet"] is not JsonObject snippet)
        {
            return GoogleError(400, "badRequest", "invalidRequest", "youtube.video", "The request metadata is invalid.");
        }

        if (Text(snippet, "categoryId") is not { Length: > 0 })
        {
            return GoogleError(400, "badRequest", "invalidCategoryId", "youtube.video", "The <code>snippet.categoryId</code> property specifies an invalid category ID.");
        }

        var title = Text(snippet, "title");
        if (title is not { Length: > 0 and <= 100 } || title.IndexOfAny(['<', '>']) >= 0)
        {
            return GoogleError(400, "badRequest", "invalidTitle", "youtube.video", "The request metadata specifies an invalid or empty video title.");
        }

        var description = Text(snippet, "description") ?? "";
        if (Encoding.UTF8.GetByteCount(description) > 5000 || description.IndexOfAny(['<', '>']) >= 0)
        {
            return GoogleError(400, "badRequest", "invalidDescription", "youtube.video", "The request metadata specifies an invalid video description.");
        }

        var tags = (snippet["tags"] as JsonArray ?? []).Select(t => t?.GetValue<string>() ?? "").ToList();
        if (CopyTagsLength(tags) > 500 || tags.Any(t => t.IndexOfAny(['<', '>', ',']) >= 0))
        {
            return GoogleError(400, "badRequest", "invalidTags", "youtube.video", "The request metadata specifies invalid video keywords.");
        }

        var kept = new JsonObject
        {
            ["title"] = title, ["description"] = description, ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)t)]), ["categoryId"] = Text(snippet, "categoryId"),
        };
        lock (_lock)
        {
            _snippets[video.Id] = kept;
        }

        return Json(new JsonObject
        {
            ["kind"] = "youtube#video", ["etag"] = LogId(), ["id"] = video.Id,
            ["snippet"] = new JsonObject
            {
                ["publishedAt"] = Timestamp(video.PublishedAt), ["channelId"] = SandboxSamples.Youtube.Id, ["title"] = title, ["description"] = description,
                ["tags"] = kept["tags"]!.DeepClone(), ["categoryId"] = kept["categoryId"]!.DeepClone(), ["channelTitle"] = SandboxSamples.Youtube.DisplayName,
                ["liveBroadcastContent"] = "none",
            },
        });
    }

    private static string? Text(JsonObject json, string field) => json[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>Tags as YouTube counts them: characters, the commas between, and the quotes around a tag with a space.</summary>
    private static int CopyTagsLength(List<string> tags) => tags.Sum(t => t.Length + (t.Contains(' ') ? 2 : 0)) + Math.Max(0, tags.Count - 1);
}
