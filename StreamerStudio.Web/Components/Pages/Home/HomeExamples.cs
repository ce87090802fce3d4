using System.Collections.Concurrent;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Web.Components.Pages.Home;

/// <summary>
/// The home page's examples: real renders of a demo brand kit by the same renderer creators use, made on the first
/// request for each and kept for the life of the process (the renderer is deterministic, so they never go stale).
/// </summary>
public static class HomeExamples
{
    public sealed record Example(string Slug, string Caption, AssetSpec Spec, string Headline, string? Subline, string? Badge);

    /// <summary>"Neon Fox", a made-up streamer: violet and hot pink, like the studio itself.</summary>
    private static readonly BrandStyle DemoBrand = new(["#4C1D95", "#1E1B2E"], ["#F472B6"], "Anton", "Inter", Tone.Competitive, null);

    public static readonly IReadOnlyList<Example> All =
    [
        new("thumbnail", "YouTube thumbnail", AssetCatalogue.For(AssetType.Thumbnail), "I beat the final boss blindfolded", "Neon Fox", "NEW"),
        new("offline-screen", "Twitch offline screen", AssetCatalogue.For(AssetType.OfflineScreen), "Back tomorrow at 8 pm", "Neon Fox · Twitch", null),
        new("banner", "Twitch profile banner", AssetCatalogue.For(AssetType.Banner, Platform.Twitch), "Neon Fox", "Speedruns every weekday", null),
        new("story", "Story graphic", AssetCatalogue.For(AssetType.StoryGraphic), "Live in 10 minutes", "Neon Fox", "LIVE"),
    ];

    private static readonly ConcurrentDictionary<string, Lazy<byte[]>> Rendered = new();

    public static string Url(Example example) => $"examples/{example.Slug}.jpg";

    public static void MapHomeExamples(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/examples/{slug}.jpg", (string slug, HttpContext http, IAssetRenderer renderer) =>
        {
            if (All.FirstOrDefault(e => e.Slug == slug) is not { } example)
            {
                return Results.NotFound();
            }

            var bytes = Rendered.GetOrAdd(slug, _ => new Lazy<byte[]>(() => renderer.Render(
                new RenderRequest(example.Spec, AssetFormat.Jpeg, DemoBrand, example.Headline, example.Subline, example.Badge, Seed: 7)).Bytes)).Value;
            // The same bytes for the life of the process; a day is long enough to spare the renderer and short
            // enough that a new release's look arrives.
            http.Response.Headers.CacheControl = "public, max-age=86400";
            return Results.File(bytes, "image/jpeg");
        }).AllowAnonymous();
}
