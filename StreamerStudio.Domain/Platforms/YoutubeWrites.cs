using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace StreamerStudio.Domain.Platforms;

/// <summary>
/// YouTube said no (or did not answer: <see cref="Status"/> 0). <see cref="Reason"/> is Google's <c>errors[0].reason</c>
/// (<c>forbidden</c>, <c>insufficientPermissions</c>, <c>videoNotFound</c>, …); the message is Google's, for logs only.
/// </summary>
internal sealed class YoutubeRefusedException(int status, string? reason, string? detail)
    : Exception($"YouTube answered {status} ({reason ?? "no reason"}): {detail}")
{
    public int Status { get; } = status;
    public string? Reason { get; } = reason;
    public string? Detail { get; } = detail;
}

/// <summary>
/// The YouTube Data API calls that change a channel, in its wire format: <c>thumbnails.set</c>, <c>channelBanners.insert</c>,
/// <c>channels.list</c>/<c>channels.update</c> on <c>brandingSettings</c>, and <c>videos.list</c>/<c>videos.update</c> on <c>snippet</c>. One instance per change; the token is the
/// creator's, from <see cref="ChannelConnections.AccessTokenAsync"/>. Every failure is a <see cref="YoutubeRefusedException"/>.
/// </summary>
internal sealed class YoutubeWrites(HttpClient http, YoutubeAppOptions app, string accessToken)
{
    /// <summary>Uploads the image as the video's thumbnail; the URL of the largest size YouTube answers with, or null.</summary>
    public async Task<string?> SetThumbnailAsync(string videoId, byte[] image, string contentType, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, $"{Upload}/thumbnails/set?videoId={Uri.EscapeDataString(videoId)}&uploadType=media",
            Media(image, contentType), cancellationToken);
        var sizes = json?["items"]?.AsArray().FirstOrDefault() as JsonObject;
        return new[] { "maxres", "standard", "high", "medium", "default" }
            .Select(size => sizes?[size]?["url"]?.GetValue<string>())
            .FirstOrDefault(url => url is not null);
    }

    /// <summary>The channel's whole <c>brandingSettings</c> part, to send back with only the image changed.</summary>
    public async Task<JsonObject> BrandingAsync(string channelId, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Get, $"{Api}/channels?part=brandingSettings&id={Uri.EscapeDataString(channelId)}", null, cancellationToken);
        var channel = json?["items"]?.AsArray().FirstOrDefault() as JsonObject
                      ?? throw new YoutubeRefusedException(404, "channelNotFound", "channels.list returned no channel");
        return channel["brandingSettings"]?.DeepClone() as JsonObject ?? [];
    }

    /// <summary>Step one and two of a banner change: uploads the image and returns the URL to put into the branding settings.</summary>
    public async Task<string> InsertBannerAsync(byte[] image, string contentType, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Post, $"{Upload}/channelBanners/insert?uploadType=media", Media(image, contentType), cancellationToken);
        return json?["url"]?.GetValue<string>() ?? throw new YoutubeRefusedException(502, null, "channelBanners.insert answered without a url");
    }

    /// <summary><c>channels.update</c> replaces the whole part: <paramref name="branding"/> must be everything, as read.</summary>
    public async Task UpdateBrandingAsync(string channelId, JsonObject branding, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["id"] = channelId, ["brandingSettings"] = branding.DeepClone() };
        await SendAsync(HttpMethod.Put, $"{Api}/channels?part=brandingSettings",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary>The video's <c>snippet</c> as YouTube holds it now (<c>videos.list part=snippet</c>).</summary>
    public async Task<JsonObject> VideoSnippetAsync(string videoId, CancellationToken cancellationToken)
    {
        var json = await SendAsync(HttpMethod.Get, $"{Api}/videos?part=snippet&id={Uri.EscapeDataString(videoId)}", null, cancellationToken);
        var video = json?["items"]?.AsArray().FirstOrDefault() as JsonObject
                    ?? throw new YoutubeRefusedException(404, "videoNotFound", "videos.list returned no video");
        return video["snippet"]?.DeepClone() as JsonObject ?? throw new YoutubeRefusedException(502, null, "videos.list answered without a snippet");
    }

    /// <summary>
    /// <c>videos.update part=snippet</c>: the snippet replaces YouTube's whole, so <paramref name="snippet"/> must carry every
    /// writable field as read (<see cref="WritableSnippet"/>) with only the changed ones replaced.
    /// </summary>
    public async Task UpdateVideoSnippetAsync(string videoId, JsonObject snippet, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["id"] = videoId, ["snippet"] = snippet.DeepClone() };
        await SendAsync(HttpMethod.Put, $"{Api}/videos?part=snippet",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary>
    /// The fields of a read snippet that <c>videos.update</c> writes: title and categoryId (both required), description and
    /// tags (removed when left out), and the languages (reset when left out). The rest (publishedAt, thumbnails, …) is read-only.
    /// </summary>
    public static JsonObject WritableSnippet(JsonObject read)
    {
        var snippet = new JsonObject();
        foreach (var field in new[] { "title", "categoryId", "description", "tags", "defaultLanguage", "defaultAudioLanguage" })
        {
            if (read[field] is { } value)
            {
                snippet[field] = value.DeepClone();
            }
        }

        return snippet;
    }

    public static string? BannerUrl(JsonObject branding) => branding["image"]?["bannerExternalUrl"]?.GetValue<string>();

    public static void SetBannerUrl(JsonObject branding, string? url)
    {
        if (branding["image"] is not JsonObject image)
        {
            branding["image"] = image = [];
        }

        image["bannerExternalUrl"] = url;
    }

    private string Api => app.ApiBaseUrl.TrimEnd('/');
    private string Upload => app.UploadBaseUrl.TrimEnd('/');

    private static ByteArrayContent Media(byte[] image, string contentType)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private async Task<JsonNode?> SendAsync(HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new YoutubeRefusedException(0, null, $"unreachable ({e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new YoutubeRefusedException(0, null, "timed out");
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            JsonNode? json = null;
            try
            {
                json = body.Length == 0 ? null : JsonNode.Parse(body);
            }
            catch (JsonException)
            {
                // Google's front end answers some errors (413, 502) with HTML; the status says enough.
            }

            if (!response.IsSuccessStatusCode)
            {
                var error = json?["error"] as JsonObject;
                var reason = (error?["errors"]?.AsArray().FirstOrDefault() as JsonObject)?["reason"]?.GetValue<string>();
                throw new YoutubeRefusedException((int)response.StatusCode, reason, error?["message"]?.GetValue<string>());
            }

            return json;
        }
    }
}
