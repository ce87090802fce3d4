using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Security;

/// <summary>
/// The Data Protection key ring in PostgreSQL is encrypted with a certificate the database does not hold, through
/// the registration web and worker share (<see cref="DomainServices.AddDomainServices"/>).
/// </summary>
public sealed class KeyRingTests : IDisposable
{
    private const string Purpose = "KeyRingTests";
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"key-ring-{Guid.NewGuid():N}");
    private readonly List<IHost> _hosts = [];

    public KeyRingTests() => Directory.CreateDirectory(_folder);

    /// <summary>A PFX protected by <paramref name="password"/>, as an operator would configure it.</summary>
    private string CertificateFile(string password)
    {
        var path = Path.Combine(_folder, $"{Guid.NewGuid():N}.pfx");
        using var certificate = KeyRingCertificate.CreateSelfSigned(TimeProvider.System, "CN=Key ring test");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>
    /// A process of the app, built (not started) exactly as it registers its services: the web app, or a
    /// <c>--worker</c>. It has a data folder of its own unless given one.
    /// </summary>
    private async Task<IServiceProvider> App(string connectionString, string? certificate = null, string? password = null, string? dataFolder = null,
        string environment = "Development", bool worker = true)
    {
        string[] args =
        [
            $"--environment={environment}",
            $"--ConnectionStrings:Default={connectionString}",
            $"--DataFolder={dataFolder ?? Path.Combine(_folder, Guid.NewGuid().ToString("N"))}",
            .. certificate is null ? Array.Empty<string>() : [$"--DataProtection:CertificatePath={certificate}", $"--DataProtection:CertificatePassword={password}"],
        ];
        IHost host = worker ? await WorkerHost.CreateAsync(args) : await StudioApp.CreateAsync(args);
        _hosts.Add(host);
        return host.Services;
    }

    private static IDataProtector Protector(IServiceProvider services) =>
        services.GetRequiredService<IDataProtectionProvider>().CreateProtector(Purpose);

    [Fact]
    public async Task Stored_keys_are_encrypted_for_the_certificate_and_hold_no_plain_master_key()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var app = await App(connectionString, CertificateFile("p4ss"), "p4ss");

        Protector(app).Protect("a platform token");

        var key = Assert.Single(app.GetRequiredService<IKeyManager>().GetAllKeys());
        var masterKey = ((AuthenticatedEncryptorDescriptor)key.Descriptor).ExportToXml().SerializedDescriptorElement
            .Descendants("value").Single().Value;
        await using var db = TestPostgres.CreateContext(connectionString);
        var stored = Assert.Single(await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync())!;
        Assert.Contains("decryptorType=\"Microsoft.AspNetCore.DataProtection.XmlEncryption.EncryptedXmlDecryptor", stored);
        Assert.Contains("<EncryptedKey", stored);
        Assert.DoesNotContain("<masterKey", stored);
        Assert.DoesNotContain(masterKey, stored);
    }

    [Fact]
    public async Task A_key_ring_kept_in_clear_by_an_earlier_version_gets_an_encrypted_key_that_takes_over_and_the_old_payloads_still_open()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        // What an earlier version wrote: Data Protection on the same table, no certificate.
        var services = new ServiceCollection();
        services.AddDbContextFactory<StudioDbContext>(o => o.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDataProtection().SetApplicationName("StreamerStudio").PersistKeysToDbContext<StudioDbContext>();
        var earlier = services.BuildServiceProvider();
        var oldToken = Protector(earlier).Protect("a token from before");
        var plainKey = Assert.Single(earlier.GetRequiredService<IKeyManager>().GetAllKeys()).KeyId;

        var app = await App(connectionString, CertificateFile("p4ss"), "p4ss");
        await app.MigrateDatabaseAsync();
        await app.MigrateDatabaseAsync();

        await using var db = TestPostgres.CreateContext(connectionString);
        var stored = await db.DataProtectionKeys.Select(k => k.Xml!).ToListAsync();
        Assert.Equal(2, stored.Count);
        Assert.Single(stored, x => x.Contains("<encryptedSecret"));
        Assert.Equal("a token from before", Protector(app).Unprotect(oldToken));
        // A payload's header names its key (after a 4-byte magic number): new ones use the encrypted key.
        var keyOfNew = new Guid(Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlDecode(Protector(app).Protect("new"))[4..20]);
        Assert.NotEqual(plainKey, keyOfNew);
        Assert.Contains(app.GetRequiredService<IKeyManager>().GetAllKeys(), k => k.KeyId == keyOfNew);
    }

    [Fact]
    public async Task Only_a_process_with_the_same_certificate_can_unprotect_what_another_protected()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var certificate = CertificateFile("p4ss");
        var payload = Protector(await App(connectionString, certificate, "p4ss", worker: false)).Protect("a platform token");

        Assert.Equal("a platform token", Protector(await App(connectionString, certificate, "p4ss")).Unprotect(payload));
        var other = await App(connectionString, CertificateFile("other"), "other");
        Assert.Throws<CryptographicException>(() => Protector(other).Unprotect(payload));
        Assert.Throws<CryptographicException>(() => Protector(WithoutCertificate(connectionString)).Unprotect(payload));
    }

    [Fact]
    public async Task Keys_written_before_encryption_stay_readable()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var payload = Protector(WithoutCertificate(connectionString)).Protect("a platform token from an earlier run");

        var app = await App(connectionString, CertificateFile("p4ss"), "p4ss", worker: false);

        Assert.Equal("a platform token from an earlier run", Protector(app).Unprotect(payload));
    }

    /// <summary>
    /// Data Protection as registered before the key ring was encrypted, and what someone holding a dump of the
    /// database would set up: the same key store, no certificate.
    /// </summary>
    private static IServiceProvider WithoutCertificate(string connectionString)
    {
        var services = new ServiceCollection();
        services.AddDbContext<StudioDbContext>(options => options.UseNpgsql(connectionString).UseSnakeCaseNamingConvention());
        services.AddDataProtection().SetApplicationName("StreamerStudio").PersistKeysToDbContext<StudioDbContext>();
        return services.BuildServiceProvider();
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task In_development_a_certificate_is_made_once_readable_by_its_owner_only_and_reused()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();
        var dataFolder = Path.Combine(_folder, "data");
        var file = Path.Combine(dataFolder, KeyRingCertificate.DevelopmentFileName);

        var payload = Protector(await App(connectionString, dataFolder: dataFolder, worker: false)).Protect("a platform token");
        var made = await File.ReadAllBytesAsync(file);
        var worker = await App(connectionString, dataFolder: dataFolder);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        Assert.Equal(made, await File.ReadAllBytesAsync(file));
        Assert.Equal("a platform token", Protector(worker).Unprotect(payload));
        Assert.Single(Directory.GetFiles(dataFolder));
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_without_a_certificate()
    {
        var connectionString = await TestPostgres.CreateDatabaseAsync();

        var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => App(connectionString, environment: "Production"));

        Assert.Contains("DataProtection:CertificatePath", refusal.Message);
    }

    public void Dispose()
    {
        // As in StudioAppFixture: Hangfire's process-wide logging must not point at a disposed logger factory.
        HangfireLogging.Silence();
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        Directory.Delete(_folder, recursive: true);
    }
}
