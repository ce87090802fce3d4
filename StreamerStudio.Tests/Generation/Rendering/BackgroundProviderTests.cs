using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>The AI background path against a fake OpenAI-compatible images endpoint on 127.0.0.1 speaking the real JSON shape.</summary>
public sealed class BackgroundProviderTests
{
    private static readonly AssetSpec Thumbnail = AssetCatalogue.For(AssetType.Thumbnail);

    [Fact]
    public async Task Posts_the_openai_request_and_returns_the_decoded_image()
    {
        var png = RenderKit.NoisyPhoto(64, 36, 1);
        await using var server = await FakeImagesEndpoint.StartAsync(200, JsonSerializer.Serialize(new { created = 1, data = new[] { new { b64_json = Convert.ToBase64String(png) } } }));
        var provider = Provider(server);

        var bytes = await provider.GenerateAsync(Thumbnail, "neon arena, no text");

        Assert.Equal(png, bytes);
        var call = Assert.Single(server.Calls);
        Assert.Equal("/v1/images/generations", call.Path);
        Assert.Equal("Bearer test-key", call.Authorization);
        using var body = JsonDocument.Parse(call.Body);
        Assert.Equal("image-model-1", body.RootElement.GetProperty("model").GetString());
        Assert.Equal("neon arena, no text", body.RootElement.GetProperty("prompt").GetString());
        Assert.Equal("1536x1024", body.RootElement.GetProperty("size").GetString());
        Assert.Equal(1, body.RootElement.GetProperty("n").GetInt32());
        Assert.Equal("b64_json", body.RootElement.GetProperty("response_format").GetString());

        // And the renderer draws it: the result differs from the plain brand background.
        var renderer = new AssetRenderer();
        var withBackground = renderer.Render(RenderKit.Request(Thumbnail, background: bytes));
        Assert.NotEqual(renderer.Render(RenderKit.Request(Thumbnail)).Bytes, withBackground.Bytes);
    }

    [Fact]
    public async Task A_server_error_becomes_a_readable_exception()
    {
        await using var server = await FakeImagesEndpoint.StartAsync(500, """{"error":{"message":"The server had an error while processing your request."}}""");

        var error = await Assert.ThrowsAsync<BackgroundProviderException>(() => Provider(server).GenerateAsync(Thumbnail, "arena"));

        Assert.StartsWith("The image service answered 500", error.Message);
        Assert.Contains("had an error while processing", error.Message);
    }

    [Fact]
    public async Task Bytes_that_are_not_an_image_are_rejected()
    {
        var garbage = "this is certainly not a picture"u8.ToArray();
        await using var server = await FakeImagesEndpoint.StartAsync(200, JsonSerializer.Serialize(new { data = new[] { new { b64_json = Convert.ToBase64String(garbage) } } }));

        var error = await Assert.ThrowsAsync<BackgroundProviderException>(() => Provider(server).GenerateAsync(Thumbnail, "arena"));

        Assert.Equal("The image service sent data that is not a PNG, JPEG or WebP image.", error.Message);
    }

    [Fact]
    public async Task A_reply_without_an_image_is_rejected()
    {
        await using var server = await FakeImagesEndpoint.StartAsync(200, """{"data":[]}""");

        var error = await Assert.ThrowsAsync<BackgroundProviderException>(() => Provider(server).GenerateAsync(Thumbnail, "arena"));

        Assert.Equal("The image service sent no image.", error.Message);
    }

    [Fact]
    public async Task Without_settings_the_provider_is_off_and_calls_nothing()
    {
        using var http = new HttpClient();
        var provider = new OpenAiBackgroundProvider(http, Options.Create(new AiBackgroundOptions { BaseUrl = "http://127.0.0.1:9", ApiKey = "" , Model = "m" }));

        Assert.False(provider.IsEnabled);
        Assert.Null(await provider.GenerateAsync(Thumbnail, "arena"));
    }

    [Theory]
    [InlineData(AssetType.Thumbnail, "1536x1024")]
    [InlineData(AssetType.StoryGraphic, "1024x1536")]
    public void Asks_for_the_size_closest_to_the_assets_shape(AssetType type, string size)
    {
        Assert.Equal(size, OpenAiBackgroundProvider.SizeFor(AssetCatalogue.For(type)));
    }

    private static OpenAiBackgroundProvider Provider(FakeImagesEndpoint server) =>
        new(server.Client, Options.Create(new AiBackgroundOptions { BaseUrl = server.BaseUrl, ApiKey = "test-key", Model = "image-model-1" }));

    private sealed record Call(string Path, string? Authorization, string Body);

    private sealed class FakeImagesEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private FakeImagesEndpoint(WebApplication app, string baseUrl)
        {
            _app = app;
            BaseUrl = baseUrl;
        }

        public string BaseUrl { get; }
        public List<Call> Calls { get; } = [];
        public HttpClient Client { get; } = new();

        public static async Task<FakeImagesEndpoint> StartAsync(int status, string json)
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            FakeImagesEndpoint? self = null;
            app.MapPost("/v1/images/generations", async (HttpContext context) =>
            {
                using var reader = new StreamReader(context.Request.Body);
                self!.Calls.Add(new Call(context.Request.Path, context.Request.Headers.Authorization.ToString(), await reader.ReadToEndAsync()));
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.WriteAsync(json);
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            self = new FakeImagesEndpoint(app, address);
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
