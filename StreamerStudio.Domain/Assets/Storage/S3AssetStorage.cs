using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace StreamerStudio.Domain.Assets.Storage;

/// <summary>Any S3-compatible store: AWS S3, MinIO, Cloudflare R2.</summary>
public sealed class S3AssetStorage(IAmazonS3 s3, string bucket) : IAssetStorage
{
    public static S3AssetStorage Create(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            AuthenticationRegion = options.Region,
            // Path-style addressing is what MinIO and most S3-compatible services expect.
            ForcePathStyle = !string.IsNullOrEmpty(options.ServiceUrl),
            // The SDK's default trailing checksums (aws-chunked bodies) are not understood by every S3-compatible store.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (!string.IsNullOrEmpty(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(options.Region);
        }

        var credentials = new BasicAWSCredentials(options.AccessKey ?? "", options.SecretKey ?? "");
        return new S3AssetStorage(new AmazonS3Client(credentials, config), options.Bucket);
    }

    public async Task PutAsync(string key, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        using var body = new MemoryStream(content, writable: false);
        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            ContentType = contentType,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await s3.GetObjectAsync(bucket, key, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken = default) =>
        await s3.DeleteObjectAsync(bucket, key, cancellationToken);
}
