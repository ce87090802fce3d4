using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StreamerStudio.Domain.Accounts;

namespace StreamerStudio.Tests.Media;

/// <summary>The description column arrives on pictures uploaded before it, as it will in production.</summary>
public sealed class MediaMigrationTests
{
    [Fact]
    public async Task Pictures_uploaded_before_descriptions_are_described_from_their_names_as_new_uploads_are()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        await using var db = TestPostgres.CreateContext(connectionString);
        await db.GetService<IMigrator>().MigrateAsync("MediaLibrary");
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new User { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var userId = user.Id;
        // ASCII names only: the SQL's upper() capitalises by the database's ctype, and the test cluster's is C (no "É").
        (string Name, string Kind, string Expected)[] pictures =
        [
            ("boss_fight-02", "screenshot", "Boss fight 02"),
            ("my  face...final", "subject", "My face final"),
            ("___", "subject", "Cut-out 300×200"),
        ];
        foreach (var (name, kind, _) in pictures)
        {
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO media_items (id, user_id, kind, name, width, height, format, file_size_bytes, storage_key, preview_key, transparent_share)
                VALUES ({Guid.NewGuid()}, {userId}, {kind}, {name}, 300, 200, 'png', 1, {Guid.NewGuid().ToString()}, 'preview', 0.5)
                """);
        }

        await db.Database.MigrateAsync();

        var described = await db.MediaItems.AsNoTracking().ToDictionaryAsync(m => m.Name, m => m.Description);
        Assert.Equal(pictures.ToDictionary(p => p.Name, p => p.Expected), described);
    }
}
