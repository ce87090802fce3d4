using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using StreamerStudio.Domain.Assets.Storage;

namespace StreamerStudio.Tests.Assets;

/// <summary>
/// The S3 storage through AWSSDK.S3 against a small fake of S3's REST API (path-style PUT/GET/DELETE object,
/// S3's XML error for a missing key) on 127.0.0.1: no S3-compatible server can run on these machines.
/// </summary>
public sealed class S3StorageTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, (byte[] Body, string ContentType)> _objects = new();
    private WebApplication _fakeS3 = default!;
    private string _url = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _fakeS3 = builder.Build();
        _fakeS3.MapPut("/{bucket}/{**key}", async (string bucket, string key, HttpRequest request) =>
        {
            Assert.StartsWith("AWS4-HMAC-SHA256", request.Headers.Authorization.ToString());
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            _objects[$"{bucket}/{key}"] = (body.ToArray(), request.ContentType ?? "");
            return Results.Ok();
        });
        _fakeS3.MapGet("/{bucket}/{**key}", (string bucket, string key) =>
            _objects.TryGetValue($"{bucket}/{key}", out var o)
                ? Results.Bytes(o.Body, o.ContentType)
                : Results.Content($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>{key}</Key></Error>",
                    "application/xml", statusCode: 404));
        _fakeS3.MapDelete("/{bucket}/{**key}", (string bucket, string key) =>
        {
            _objects.TryRemove($"{bucket}/{key}", out _);
            return Results.NoContent();
        });
        await _fakeS3.StartAsync();
        _url = _fakeS3.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
    }

    public async Task DisposeAsync() => await _fakeS3.DisposeAsync();

    [Fact]
    public async Task Puts_reads_and_deletes_objects_in_the_bucket()
    {
        var storage = S3AssetStorage.Create(new S3StorageOptions
        {
            Bucket = "studio-assets",
            ServiceUrl = _url,
            AccessKey = "test-access",
            SecretKey = "test-secret",
        });
        var key = StorageKeys.NewAssetKey(Guid.NewGuid(), "png");
        byte[] content = [0x89, 0x50, 0x4E, 0x47, 9, 8, 7];

        await storage.PutAsync(key, content, "image/png");
        Assert.Equal(content, _objects[$"studio-assets/{key}"].Body);
        Assert.Equal("image/png", _objects[$"studio-assets/{key}"].ContentType);

        await using (var read = await storage.OpenReadAsync(key))
        {
            using var copy = new MemoryStream();
            await read!.CopyToAsync(copy);
            Assert.Equal(content, copy.ToArray());
        }

        await storage.DeleteAsync(key);
        Assert.Null(await storage.OpenReadAsync(key));
    }
}
