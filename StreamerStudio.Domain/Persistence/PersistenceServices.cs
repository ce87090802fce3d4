using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace StreamerStudio.Domain.Persistence;

public static class PersistenceServices
{
    /// <summary>The database the host started (<see cref="StudioDatabase.StartAsync"/>) and one DbContext per operation on it.</summary>
    public static IHostApplicationBuilder AddStudioDatabase(this IHostApplicationBuilder builder, StudioDatabase database)
    {
        builder.Services.AddSingleton(database);
        // Registered first, so that it is stopped last: the embedded cluster outlives everything that uses it.
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StudioDatabase>());
        builder.Services.AddDbContextFactory<StudioDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<StudioDatabase>().ConnectionString)
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(new ClockStamps(sp.GetRequiredService<TimeProvider>())));
        builder.Services.AddHealthChecks().AddDbContextCheck<StudioDbContext>("database");
        return builder;
    }

    /// <summary>
    /// Every web instance (and worker) reads every cookie, antiforgery token and encrypted platform token:
    /// the Data Protection keys live in PostgreSQL, encrypted with a certificate the database does not hold
    /// (<see cref="KeyRingCertificate.Load"/>).
    /// </summary>
    /// <remarks>
    /// Keys written before they were encrypted (databases from earlier runs) are plain XML and stay readable:
    /// only keys marked as encrypted go through the certificate. Such a key stays the default until it expires
    /// (90 days after its creation); the next one is encrypted. The old key's XML stays plain for as long as its
    /// row is kept, so what it protected is no better off than before; only what newer keys protect is covered.
    /// </remarks>
    public static IHostApplicationBuilder AddKeyRing(this IHostApplicationBuilder builder, X509Certificate2 certificate)
    {
        builder.Services.AddDataProtection()
            .SetApplicationName("StreamerStudio")
            .PersistKeysToDbContext<StudioDbContext>()
            .ProtectKeysWithCertificate(certificate);
        return builder;
    }
}
