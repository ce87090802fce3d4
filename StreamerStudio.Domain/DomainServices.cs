using System.Security.Cryptography.X509Certificates;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Copy;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Media;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain;

public static class DomainServices
{
    /// <summary>
    /// Registers the database, the domain services and the integrations they use; web host and worker alike.
    /// Registering does no I/O: the host first starts the database (<see cref="StudioDatabase.StartAsync"/>) and
    /// loads the key ring certificate (<see cref="KeyRingCertificate.Load"/>), and hands both in.
    /// </summary>
    public static IHostApplicationBuilder AddDomainServices(this IHostApplicationBuilder builder,
        StudioDatabase database, X509Certificate2 keyRingCertificate)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddStudioDatabase(database);
        builder.AddKeyRing(keyRingCertificate);
        builder.AddAccounts();
        builder.AddAdmin();
        builder.AddAssets();
        builder.AddBrandKits();
        builder.AddGeneration();
        builder.AddPlatforms();
        builder.AddBilling();
        builder.AddMedia();
        builder.AddCopy();
        builder.AddNotifications();
        return builder;
    }
}
