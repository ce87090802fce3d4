using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Tests.Persistence;

/// <summary>Migrations run over rows written by the code before them, as they will be in production.</summary>
public sealed class MigrationTests
{
    [Fact]
    public async Task Recipes_written_as_anonymous_json_read_back_as_typed_recipes_after_migrating()
    {
        var connectionString = await TestPostgres.CreateEmptyDatabaseAsync();
        await using var db = TestPostgres.CreateContext(connectionString);
        await db.GetService<IMigrator>().MigrateAsync("CountRenderAttempts");
        // This migration leaves users alone, so today's model can write one.
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new User { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        var userId = user.Id;
        // What GenerationWorker wrote before the recipe was typed: lower-case keys, the platform as lower-case text.
        var old = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync($$"""
            INSERT INTO assets (id, user_id, asset_type, width, height, format, file_size_bytes, storage_key, is_public, viral_suggestions, generation_params)
            VALUES ({{old}}, {{userId}}, 'banner', 2560, 1440, 'png', 1, 'old-key', false, '{}',
                    '{"platform":"youtube","layout":"split-left","seed":1234,"subline":"Fridays 8pm","badge":"EP 12"}')
            """);

        await db.Database.MigrateAsync();

        var expected = new AssetRecipe { Platform = Platform.Youtube, Layout = "split-left", Seed = 1234, Subline = "Fridays 8pm", Badge = "EP 12" };
        Assert.Equal(expected, await db.Assets.Where(a => a.Id == old).Select(a => a.Recipe).SingleAsync());

        // Not just readable: the same JSON today's code writes for the same recipe (fields added since, all empty here, aside).
        var fresh = new Asset
        {
            UserId = userId, AssetType = AssetType.Banner, Width = 2560, Height = 1440, FileSizeBytes = 1, StorageKey = "new-key", Recipe = expected,
        };
        db.Assets.Add(fresh);
        await db.SaveChangesAsync();
        Assert.True(await db.Database.SqlQuery<bool>($"""
            SELECT jsonb_strip_nulls(a.generation_params) = jsonb_strip_nulls(b.generation_params) AS "Value" FROM assets a, assets b WHERE a.id = {old} AND b.id = {fresh.Id}
            """).SingleAsync());
    }
}
