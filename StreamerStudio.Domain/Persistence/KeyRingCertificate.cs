using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;

namespace StreamerStudio.Domain.Persistence;

/// <summary>
/// <c>DataProtection:CertificatePath</c> (a PFX with its private key; relative paths are under <c>DataFolder</c>)
/// and <c>DataProtection:CertificatePassword</c>, from environment or user-secrets.
/// </summary>
public sealed class KeyRingOptions
{
    public const string Section = "DataProtection";

    public string? CertificatePath { get; set; }
    public string? CertificatePassword { get; set; }
}

/// <summary>
/// The certificate that encrypts the Data Protection key ring at rest. The keys sit in the same database as the
/// platform tokens and cookies they protect, so a dump of that database alone must not be enough to read them.
/// Web and worker both load it here and must be given the same one.
/// </summary>
public static class KeyRingCertificate
{
    public const string DevelopmentFileName = "dataprotection.pfx";

    /// <summary>
    /// The configured certificate; in Development without one, a self-signed certificate made once in the data
    /// folder. The host loads it before it registers services, like it starts the database: Data Protection takes
    /// the decrypting certificate only as an instance, at registration (<c>ProtectKeysWithCertificate</c>;
    /// the decryption options it fills are internal), so it cannot be deferred to first use. Encryption alone
    /// could be (<c>KeyManagementOptions.XmlEncryptor</c> is public), which would only split the loading in two.
    /// </summary>
    public static X509Certificate2 Load(IHostApplicationBuilder builder, TimeProvider clock) =>
        Load(builder.Configuration.GetSection(KeyRingOptions.Section).Get<KeyRingOptions>() ?? new KeyRingOptions(),
            builder.Environment, DataFolder.Of(builder), clock);

    private static X509Certificate2 Load(KeyRingOptions options, IHostEnvironment environment, string dataFolder, TimeProvider clock)
    {
        if (!string.IsNullOrWhiteSpace(options.CertificatePath))
        {
            var path = Path.GetFullPath(options.CertificatePath, dataFolder);
            if (!File.Exists(path))
            {
                throw new InvalidOperationException($"DataProtection:CertificatePath names {path}, which does not exist.");
            }

            var certificate = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
            return certificate.HasPrivateKey
                ? certificate
                : throw new InvalidOperationException($"The Data Protection certificate {path} has no private key; the key ring could be written but never read.");
        }

        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException(
                "Set DataProtection:CertificatePath (a PFX with its private key) and DataProtection:CertificatePassword: " +
                "the Data Protection keys are stored in the database and are encrypted with this certificate. " +
                "The web app and every worker need the same certificate.");
        }

        return LoadOrCreateDevelopment(Path.Combine(dataFolder, DevelopmentFileName), clock);
    }

    private static X509Certificate2 LoadOrCreateDevelopment(string path, TimeProvider clock)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Written aside and moved into place, so a web app and a worker starting together never read half a file.
            var written = $"{path}.{Guid.NewGuid():N}.tmp";
            using (var certificate = CreateSelfSigned(clock))
            using (var file = new FileStream(written, OwnerOnly()))
            {
                file.Write(certificate.Export(X509ContentType.Pkcs12));
            }

            try
            {
                File.Move(written, path);
            }
            catch (IOException) when (File.Exists(path))
            {
                // The other process made it first: everyone uses that one.
                File.Delete(written);
            }
        }

        return X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
    }

    /// <summary>
    /// Created readable by its owner only (mode 600) and without a password, which would have to be kept right
    /// beside it in Development anyway.
    /// </summary>
    private static FileStreamOptions OwnerOnly()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }

    /// <summary>An RSA certificate for encrypting keys: Data Protection encrypts each key's XML for it (XML Encryption).</summary>
    internal static X509Certificate2 CreateSelfSigned(TimeProvider clock, string subject = "CN=Streamer Studio Data Protection (development)")
    {
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, critical: false));
        var now = clock.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
    }
}
