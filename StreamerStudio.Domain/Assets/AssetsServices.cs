using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Assets.Storage;

namespace StreamerStudio.Domain.Assets;

public static class AssetsServices
{
    /// <summary>Asset files (on local disk, or in an S3-compatible store by configuration) and their expiry.</summary>
    public static IHostApplicationBuilder AddAssets(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .Validate(o => o.IsLocal || o.IsS3, "Storage:Provider must be local or s3.")
            .Validate(o => !o.IsS3 || !string.IsNullOrWhiteSpace(o.S3.Bucket), "Storage:S3:Bucket is not set: with Storage:Provider=s3 asset files go to that bucket.")
            .ValidateOnStart();
        var dataFolder = DataFolder.Of(builder);
        services.AddSingleton<IAssetStorage>(sp =>
        {
            var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
            return storage.IsS3
                ? S3AssetStorage.Create(storage.S3)
                : new LocalAssetStorage(Path.GetFullPath(storage.LocalFolder, dataFolder));
        });
        services.AddScoped<AssetService>();
        services.AddTransient<AssetExpiry>();
        return builder;
    }
}
