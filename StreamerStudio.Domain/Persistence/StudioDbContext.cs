using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Persistence;

public class StudioDbContext : IdentityDbContext<User, IdentityRole<Guid>, Guid>, IDataProtectionKeyContext
{
    public StudioDbContext(DbContextOptions<StudioDbContext> options)
        : base(options)
    {
        // Every transaction here is all or nothing: nothing catches a failed SaveChanges and carries on in the same
        // transaction. EF's automatic savepoint around each SaveChanges in a transaction would be two round trips
        // (SAVEPOINT, RELEASE) for a rollback nobody uses — four of a delivery's round trips (bench/LivePathBench --trace).
        Database.AutoSavepointsEnabled = false;
    }

    /// <summary>ASP.NET Core Data Protection keys, shared by every web instance so each reads every cookie.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<BrandKit> BrandKits => Set<BrandKit>();
    public DbSet<GenerationJob> GenerationJobs => Set<GenerationJob>();
    public DbSet<Asset> Assets => Set<Asset>();
    public DbSet<PlatformConnection> PlatformConnections => Set<PlatformConnection>();
    public DbSet<ChannelAuthorization> ChannelAuthorizations => Set<ChannelAuthorization>();
    public DbSet<Channel> Channels => Set<Channel>();
    public DbSet<AnalyticsSnapshot> AnalyticsSnapshots => Set<AnalyticsSnapshot>();
    public DbSet<ContentItem> ContentItems => Set<ContentItem>();
    public DbSet<ContentRevision> ContentRevisions => Set<ContentRevision>();
    public DbSet<Subscription> Subscriptions => Set<Subscription>();
    public DbSet<QuotaUsage> QuotaUsage => Set<QuotaUsage>();
    public DbSet<StripeEvent> StripeEvents => Set<StripeEvent>();
    public DbSet<Payment> Payments => Set<Payment>();
    public DbSet<PaymentFailure> PaymentFailures => Set<PaymentFailure>();
    public DbSet<CreditTransaction> CreditTransactions => Set<CreditTransaction>();
    public DbSet<Admin.AuditEntry> AuditLog => Set<Admin.AuditEntry>();
    public DbSet<Media.MediaItem> MediaItems => Set<Media.MediaItem>();
    public DbSet<Copy.VoiceSample> VoiceSamples => Set<Copy.VoiceSample>();
    public DbSet<Copy.VoiceFingerprint> VoiceFingerprints => Set<Copy.VoiceFingerprint>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.UserSettings> UserSettings => Set<Notifications.UserSettings>();
    public DbSet<Copy.AiModel> AiModels => Set<Copy.AiModel>();
    public DbSet<Copy.AiUsage> AiUsage => Set<Copy.AiUsage>();
    public DbSet<Copy.GeneratedCopy> GeneratedCopy => Set<Copy.GeneratedCopy>();
    public DbSet<Copy.CopyFavourite> CopyFavourites => Set<Copy.CopyFavourite>();
    public DbSet<Copy.CopyTemplate> CopyTemplates => Set<Copy.CopyTemplate>();
    public DbSet<Copy.SuggestionApplication> SuggestionApplications => Set<Copy.SuggestionApplication>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);

        model.Entity<IdentityRole<Guid>>().ToTable("roles");
        model.Entity<IdentityUserRole<Guid>>().ToTable("user_roles");
        model.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        model.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        model.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        model.Entity<IdentityRoleClaim<Guid>>().ToTable("role_claims");

        model.ApplyConfigurationsFromAssembly(typeof(StudioDbContext).Assembly);

        foreach (var entity in model.Model.GetEntityTypes())
        {
            MapEnumsToCheckedText(entity);
            StampTimes(entity);
        }
    }

    /// <summary>Every new user starts on the free tier, in the same transaction as the account itself.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        AddFreeSubscriptionsForNewUsers();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        AddFreeSubscriptionsForNewUsers();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    private void AddFreeSubscriptionsForNewUsers()
    {
        var newUsers = ChangeTracker.Entries<User>()
            .Where(e => e.State == EntityState.Added && e.Entity.Subscription is null)
            .Select(e => e.Entity)
            .ToList();
        foreach (var user in newUsers)
        {
            user.Subscription = Subscription.StartFree(user.Id);
        }
    }

    /// <summary>
    /// Enums are stored as snake_case text (as in the seed) and every enum column gets a CHECK constraint
    /// listing its values, so a bad value is refused by PostgreSQL itself.
    /// </summary>
    private static void MapEnumsToCheckedText(IMutableEntityType entity)
    {
        foreach (var property in entity.GetDeclaredProperties())
        {
            var enumType = Nullable.GetUnderlyingType(property.ClrType) ?? property.ClrType;
            if (!enumType.IsEnum)
            {
                continue;
            }

            property.SetValueConverter((Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter)
                Activator.CreateInstance(typeof(TextEnumConverter<>).MakeGenericType(enumType))!);
            property.SetMaxLength(32);
            var table = entity.GetTableName()!;
            var column = property.GetColumnName();
            var values = string.Join(", ", TextEnum.Values(enumType).Select(v => $"'{v}'"));
            entity.AddCheckConstraint($"ck_{table}_{column}", $"{column} IN ({values})");
        }
    }

    /// <summary>
    /// created_at and updated_at come from the app's clock (<see cref="ClockStamps"/>) when EF Core writes a row;
    /// the database's now() (a default, and the updated_at trigger) only fills in for writes that do not set them
    /// (raw SQL, bulk updates).
    /// </summary>
    private static void StampTimes(IMutableEntityType entity)
    {
        foreach (var name in new[] { "CreatedAt", "UpdatedAt" })
        {
            if (entity.FindProperty(name) is { } stamp)
            {
                stamp.SetDefaultValueSql("now()");
                stamp.ValueGenerated = ValueGenerated.OnAdd;
            }
        }
    }
}
