using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>An OpenAI-compatible image endpoint for AI backgrounds. Any of the three left empty turns the feature off.</summary>
public sealed class AiBackgroundOptions
{
    public const string Section = "AiBackground";

    /// <summary>Scheme and host, e.g. https://api.openai.com; the provider appends /v1/images/generations.</summary>
    public string? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    public string? Model { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(ApiKey) && !string.IsNullOrWhiteSpace(Model);
}

/// <summary>Makes a background picture for an asset; the renderer still draws the text and logo over it.</summary>
public interface IBackgroundProvider
{
    bool IsEnabled { get; }

    /// <summary>PNG, JPEG or WebP bytes, or null when the provider is switched off.</summary>
    Task<byte[]?> GenerateAsync(AssetSpec spec, string prompt, CancellationToken cancellationToken = default);
}

/// <summary>The image service failed or sent something that is not an image; the message is fit to show a creator.</summary>
public sealed class BackgroundProviderException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Calls POST {BaseUrl}/v1/images/generations with {model, prompt, size, n: 1, response_format: "b64_json"}
/// and a bearer key, and returns the decoded image after checking its magic bytes.
/// </summary>
public sealed class OpenAiBackgroundProvider(HttpClient http, IOptions<AiBackgroundOptions> configured) : IBackgroundProvider
{
    private readonly AiBackgroundOptions _options = configured.Value;

    public bool IsEnabled => _options.Enabled;

    public async Task<byte[]?> GenerateAsync(AssetSpec spec, string prompt, CancellationToken cancellationToken = default)
    {
        if (!_options.Enabled)
        {
            return null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(_options.BaseUrl!.TrimEnd('/') + "/"), "v1/images/generations"))
        {
            Content = JsonContent.Create(new GenerationRequest(_options.Model!, prompt, SizeFor(spec), 1, "b64_json")),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);

        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            throw new BackgroundProviderException(string.Create(CultureInfo.InvariantCulture,
                $"The image service answered {(int)response.StatusCode} {response.ReasonPhrase}: {Excerpt(body)}"));
        }

        GenerationResponse? parsed;
        try
        {
            parsed = await response.Content.ReadFromJsonAsync<GenerationResponse>(cancellationToken);
        }
        catch (JsonException e)
        {
            throw new BackgroundProviderException("The image service sent a reply that is not the expected JSON.", e);
        }

        var b64 = parsed?.Data?.FirstOrDefault()?.B64Json;
        if (string.IsNullOrEmpty(b64))
        {
            throw new BackgroundProviderException("The image service sent no image.");
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(b64);
        }
        catch (FormatException e)
        {
            throw new BackgroundProviderException("The image service sent an image that is not valid base64.", e);
        }

        return ImageSniffer.Detect(bytes) is null
            ? throw new BackgroundProviderException("The image service sent data that is not a PNG, JPEG or WebP image.")
            : bytes;
    }

    /// <summary>The sizes OpenAI-style endpoints accept, by the asset's shape; the renderer cover-fits the result.</summary>
    internal static string SizeFor(AssetSpec spec)
    {
        var ratio = spec.Width / (double)spec.Height;
        return ratio > 1.2 ? "1536x1024" : ratio < 0.83 ? "1024x1536" : "1024x1024";
    }

    /// <summary>A prompt that asks for art without text: the renderer sets the words itself so they stay legible.</summary>
    public static string PromptFor(AssetSpec spec, BrandStyle brand, string headline) =>
        string.Create(CultureInfo.InvariantCulture,
            $"Background artwork for a {spec.Name} about \"{headline}\". {brand.Tone} mood, colours {string.Join(", ", brand.PrimaryColors.Concat(brand.AccentColors))}. No text, no letters, no logos, no watermarks.");

    private static string Excerpt(string body)
    {
        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length <= 200 ? body : body[..200] + "…";
    }

    private sealed record GenerationRequest(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("prompt")] string Prompt,
        [property: JsonPropertyName("size")] string Size,
        [property: JsonPropertyName("n")] int N,
        [property: JsonPropertyName("response_format")] string ResponseFormat);

    private sealed record GenerationResponse([property: JsonPropertyName("data")] List<GeneratedImage>? Data);

    private sealed record GeneratedImage([property: JsonPropertyName("b64_json")] string? B64Json);
}

/// <summary>Recognises the image formats the renderer accepts by their first bytes, not by what a server claims.</summary>
public static class ImageSniffer
{
    public static AssetFormat? Detect(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return AssetFormat.Png;
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return AssetFormat.Jpeg;
        }

        if (bytes.Length >= 12 && bytes[..4].SequenceEqual("RIFF"u8) && bytes[8..12].SequenceEqual("WEBP"u8))
        {
            return AssetFormat.Webp;
        }

        return null;
    }
}
