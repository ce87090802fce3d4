
namespace StreamerStudio.Domain.BrandKits;

public static class BrandKitsServices
{
    public static IHostApplicationBuilder AddBrandKits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<BrandKitService>();
        builder.Services.AddSingleton<BrandKitPreview>();
        builder.Services.AddSingleton<DraftImages>();
        return builder;
    }
}
