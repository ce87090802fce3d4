using Npgsql;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Billing;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Tests.Persistence;

/// <summary>The schema's promises, checked against PostgreSQL itself rather than against EF's model.</summary>
public sealed class SchemaTests(DatabaseFixture database) : IClassFixture<DatabaseFixture>
{
    private async Task<User> NewUserAsync()
    {
        await using var db = database.CreateContext();
        var email = $"{Guid.NewGuid():N}@example.com";
        var user = new User { UserName = email, Email = email, NormalizedEmail = email.ToUpperInvariant(), NormalizedUserName = email.ToUpperInvariant() };
        db.Users.Add(user);
        await db.SaveChangesAsync();
        return user;
    }

    private async Task<int> ExecuteAsync(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }

        return await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Every_new_user_starts_with_a_free_subscription()
    {
        var user = await NewUserAsync();

        await using var db = database.CreateContext();
        var subscription = await db.Subscriptions.SingleAsync(s => s.UserId == user.Id);
        Assert.Equal(SubscriptionTier.Free, subscription.Tier);
        Assert.Equal(5, subscription.AssetsLimit);
        Assert.Equal(1, subscription.PlatformsLimit);
        Assert.Equal(0, subscription.AssetsUsed);
        Assert.Equal("free", await db.Database.SqlQuery<string>($"SELECT subscription_tier AS \"Value\" FROM users WHERE id = {user.Id}").SingleAsync());
    }

    [Fact]
    public async Task A_second_active_brand_kit_is_refused_by_the_database()
    {
        var user = await NewUserAsync();
        const string insert = "INSERT INTO brand_kits (id, user_id, name, is_active, primary_colors, accent_colors, fonts, tone) " +
                              "VALUES (gen_random_uuid(), $1, $2, true, '{#112233}', '{}', '{\"headline\":\"Inter\",\"body\":\"Inter\"}', 'casual')";
        await ExecuteAsync(insert, user.Id, "Main");

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(insert, user.Id, "Second"));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, error.SqlState);
        Assert.Equal("ix_brand_kits_one_active_per_user", error.ConstraintName);
    }

    [Fact]
    public async Task Inactive_brand_kits_are_not_limited()
    {
        var user = await NewUserAsync();
        await using var db = database.CreateContext();
        db.BrandKits.AddRange(
            new BrandKit { UserId = user.Id, Name = "Active", IsActive = true },
            new BrandKit { UserId = user.Id, Name = "Old 1" },
            new BrandKit { UserId = user.Id, Name = "Old 2" });
        await db.SaveChangesAsync();

        Assert.Equal(3, await db.BrandKits.CountAsync(k => k.UserId == user.Id));
    }

    [Theory]
    [InlineData("UPDATE brand_kits SET tone = 'angry' WHERE user_id = $1", "ck_brand_kits_tone")]
    [InlineData("UPDATE users SET subscription_tier = 'platinum' WHERE id = $1", "ck_users_subscription_tier")]
    [InlineData("UPDATE users SET subscription_status = 'paused' WHERE id = $1", "ck_users_subscription_status")]
    [InlineData("UPDATE subscriptions SET tier = 'gold' WHERE user_id = $1", "ck_subscriptions_tier")]
    [InlineData("UPDATE subscriptions SET assets_limit = -2 WHERE user_id = $1", "ck_subscriptions_assets_limit")]
    [InlineData("INSERT INTO platform_connections (id, user_id, platform, platform_user_id, is_active) VALUES (gen_random_uuid(), $1, 'myspace', 'x', true)", "ck_platform_connections_platform")]
    [InlineData("INSERT INTO generation_jobs (id, user_id, status, job_type, asset_type, format, total_assets, completed_assets, failed_assets, render_attempts) VALUES (gen_random_uuid(), $1, 'done', 'single', 'thumbnail', 'png', 1, 0, 0, 0)", "ck_generation_jobs_status")]
    [InlineData("INSERT INTO generation_jobs (id, user_id, status, job_type, asset_type, total_assets, completed_assets, failed_assets, render_attempts) VALUES (gen_random_uuid(), $1, 'queued', 'single', 'poster', 1, 0, 0, 0)", "ck_generation_jobs_asset_type")]
    [InlineData("INSERT INTO generation_jobs (id, user_id, status, job_type, asset_type, total_assets, completed_assets, failed_assets, render_attempts) VALUES (gen_random_uuid(), $1, 'queued', 'single', 'thumbnail', 1, 2, 0, 0)", "ck_generation_jobs_counters")]
    [InlineData("INSERT INTO assets (id, user_id, asset_type, width, height, format, file_size_bytes, storage_key, is_public, viral_suggestions) VALUES (gen_random_uuid(), $1, 'thumbnail', 1280, 720, 'gif', 1, 'k', false, '{}')", "ck_assets_format")]
    [InlineData("INSERT INTO assets (id, user_id, asset_type, width, height, format, file_size_bytes, storage_key, is_public, viral_score, viral_suggestions) VALUES (gen_random_uuid(), $1, 'thumbnail', 1280, 720, 'png', 1, 'k2', false, 101, '{}')", "ck_assets_viral_score")]
    public async Task Bad_enum_and_range_values_are_refused_by_check_constraints(string sql, string constraint)
    {
        var user = await NewUserAsync();
        await using (var db = database.CreateContext())
        {
            db.BrandKits.Add(new BrandKit { UserId = user.Id, Name = "Kit" });
            await db.SaveChangesAsync();
        }

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql, user.Id));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
        Assert.Equal(constraint, error.ConstraintName);
    }

    [Fact]
    public async Task One_connection_per_platform_per_user()
    {
        var user = await NewUserAsync();
        await using var db = database.CreateContext();
        db.PlatformConnections.Add(new PlatformConnection { UserId = user.Id, Platform = Platform.Twitch, PlatformUserId = "1" });
        await db.SaveChangesAsync();

        await using var second = database.CreateContext();
        second.PlatformConnections.Add(new PlatformConnection { UserId = user.Id, Platform = Platform.Twitch, PlatformUserId = "2" });
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => second.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.UniqueViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    [Fact]
    public async Task Updated_at_is_maintained_by_the_database_on_every_update()
    {
        var user = await NewUserAsync();
        await using var db = database.CreateContext();
        var before = await db.Subscriptions.Where(s => s.UserId == user.Id).Select(s => s.UpdatedAt).SingleAsync();

        // A raw update that does not mention updated_at still moves it: the trigger, not the app, keeps it.
        await ExecuteAsync("UPDATE subscriptions SET assets_used = 1 WHERE user_id = $1", user.Id);

        var after = await db.Subscriptions.Where(s => s.UserId == user.Id).Select(s => s.UpdatedAt).SingleAsync();
        Assert.True(after > before, $"updated_at stayed at {before:O}");
    }

    [Fact]
    public async Task Deleting_a_user_removes_their_rows()
    {
        var user = await NewUserAsync();
        await using var db = database.CreateContext();
        db.BrandKits.Add(new BrandKit { UserId = user.Id, Name = "Kit" });
        await db.SaveChangesAsync();

        await ExecuteAsync("DELETE FROM users WHERE id = $1", user.Id);

        Assert.False(await db.BrandKits.AnyAsync(k => k.UserId == user.Id));
        Assert.False(await db.Subscriptions.AnyAsync(s => s.UserId == user.Id));
    }

    [Theory]
    [InlineData("brand_kits", "primary_colors", "ARRAY", "_text")]
    [InlineData("brand_kits", "fonts", "jsonb", "jsonb")]
    [InlineData("generation_jobs", "platform_context", "jsonb", "jsonb")]
    [InlineData("assets", "viral_suggestions", "ARRAY", "_text")]
    [InlineData("assets", "expires_at", "timestamp with time zone", "timestamptz")]
    [InlineData("users", "assets_generated_this_month", "integer", "int4")]
    [InlineData("subscriptions", "current_period_end", "timestamp with time zone", "timestamptz")]
    public async Task Columns_have_the_seed_types(string table, string column, string dataType, string udtName)
    {
        await using var db = database.CreateContext();
        var row = await db.Database.SqlQuery<ColumnType>(
                $"SELECT data_type, udt_name FROM information_schema.columns WHERE table_name = {table} AND column_name = {column}")
            .SingleAsync();
        Assert.Equal(dataType, row.DataType);
        Assert.Equal(udtName, row.UdtName);
    }

    private sealed record ColumnType(string DataType, string UdtName);
}
