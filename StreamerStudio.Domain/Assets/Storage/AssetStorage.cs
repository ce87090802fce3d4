using System.Security.Cryptography;

namespace StreamerStudio.Domain.Assets.Storage;

/// <summary>Where asset files live: local disk by default, any S3-compatible store by configuration.</summary>
public interface IAssetStorage
{
    Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The file, or null when there is none under that key.</summary>
    Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task DeleteAsync(string key, CancellationToken cancellationToken = default);
}

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary><c>local</c> (default) or <c>s3</c>.</summary>
    public string Provider { get; set; } = "local";

    /// <summary>Local folder for asset files, relative to the data folder.</summary>
    public string LocalFolder { get; set; } = "assets";

    public S3StorageOptions S3 { get; set; } = new();

    public bool IsLocal => string.IsNullOrWhiteSpace(Provider) || Provider.Equals("local", StringComparison.OrdinalIgnoreCase);

    public bool IsS3 => Provider.Equals("s3", StringComparison.OrdinalIgnoreCase);
}

public sealed class S3StorageOptions
{
    public string Bucket { get; set; } = "";
    /// <summary>Endpoint of an S3-compatible service (MinIO, R2); empty for AWS itself.</summary>
    public string? ServiceUrl { get; set; }
    public string Region { get; set; } = "us-east-1";
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
}

public static class StorageKeys
{
    /// <summary>An unguessable key under the owner's prefix, e.g. <c>u/{user}/{32 random hex}.png</c>.</summary>
    public static string NewAssetKey(Guid userId, string extension) =>
        $"u/{userId:N}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))}.{extension}";

    public static bool IsSafe(string key) =>
        key.Length is > 0 and < 512 && !key.Contains("..", StringComparison.Ordinal) && !key.StartsWith('/') &&
        key.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_');
}
