using Microsoft.Playwright;
using Xunit.Abstractions;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Tests.Admin;

/// <summary>The admin audit search: by the first characters of an id shown in the table, and by user (email or id), with paging.</summary>
public sealed class AuditSearchTests(NoWorkerAppFixture app, ITestOutputHelper output) : IClassFixture<NoWorkerAppFixture>
{
    private T Service<T>() where T : notnull => app.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    private async Task<User> NewUserAsync(string? role = null) => await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password, role);

    private async Task<Guid> NewKitAsync(Guid userId, string name) =>
        await Service<BrandKitService>().CreateAsync(userId, new BrandKitDraft { Name = name });

    [Fact]
    public async Task The_first_characters_of_an_entity_id_find_its_rows_and_nothing_else()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var creator = await NewUserAsync();
        var kitId = await NewKitAsync(creator.Id, "Main");
        var other = await NewKitAsync(creator.Id, "Other");
        // Version 7 ids start with a timestamp: two made in the same minute share their first 8 characters, so an admin
        // types past it (23 characters reach the random part).
        var prefix = kitId.ToString()[..23];
        Assert.False(other.ToString().StartsWith(prefix, StringComparison.Ordinal));

        var (items, total) = await Service<AdminService>().AuditLogAsync(admin.Id, prefix);
        var (upper, _) = await Service<AdminService>().AuditLogAsync(admin.Id, prefix.ToUpperInvariant());

        var row = Assert.Single(items);
        Assert.Equal((1, AuditTrail.Actions.BrandKitCreated, kitId), (total, row.Action, row.EntityId!.Value));
        Assert.Equal(creator.Email, row.User!.Email);
        Assert.Equal(kitId, Assert.Single(upper).EntityId);
    }

    [Fact]
    public async Task A_users_email_or_id_finds_their_own_actions_with_paging()
    {
        var admin = await NewUserAsync(Roles.Admin);
        var creator = await NewUserAsync();
        var bystander = await NewUserAsync();
        for (var i = 0; i < 5; i++)
        {
            await NewKitAsync(creator.Id, $"Kit {i}");
        }

        await NewKitAsync(bystander.Id, "Not theirs");
        var audit = Service<AdminService>();

        var byEmail = await audit.AuditLogAsync(admin.Id, creator.Email, page: 1, pageSize: 3);
        var secondPage = await audit.AuditLogAsync(admin.Id, creator.Email, page: 2, pageSize: 3);
        var byId = await audit.AuditLogAsync(admin.Id, creator.Id.ToString());

        Assert.Equal(5, byEmail.Total);
        Assert.Equal(3, byEmail.Items.Count);
        Assert.Equal(2, secondPage.Items.Count);
        Assert.Empty(byEmail.Items.Select(e => e.Id).Intersect(secondPage.Items.Select(e => e.Id)));
        Assert.All(byEmail.Items.Concat(secondPage.Items), e => Assert.Equal(creator.Id, e.UserId));
        Assert.Equal(5, byId.Total);
        Assert.All(byId.Items, e => Assert.Equal(creator.Id, e.UserId));
    }

    [Fact]
    public async Task An_admin_types_an_id_prefix_on_the_audit_page_and_sees_the_creator_as_actor()
    {
        await using var admin = await app.SignInNewUserAsync(Roles.Admin);
        var creator = await NewUserAsync();
        var kitId = await NewKitAsync(creator.Id, "Main");
        var prefix = kitId.ToString()[..23];
        var page = admin.Page;

        await page.GotoAsync("/admin/audit");
        await page.WaitForCircuitAsync();
        await Assertions.Expect(page.GetByTestId("audit-count")).ToBeVisibleAsync();
        await page.GetByTestId("audit-search").FillAsync(prefix);

        await Assertions.Expect(page.GetByTestId("audit-count")).ToHaveTextAsync("1 entry");
        var row = page.GetByTestId("audit-row");
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("audit-action")).ToHaveTextAsync(AuditTrail.Actions.BrandKitCreated);
        await Assertions.Expect(row.GetByTestId("audit-actor")).ToHaveTextAsync(creator.Email!);
        await Assertions.Expect(row.GetByTestId("audit-entity")).ToContainTextAsync(prefix);
    }

    [Fact]
    public async Task An_id_prefix_search_over_100000_rows_uses_the_prefix_indexes()
    {
        var admin = await NewUserAsync(Roles.Admin);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        await db.Database.ExecuteSqlRawAsync("""
            INSERT INTO audit_log (id, user_id, action, entity_type, entity_id, created_at)
            SELECT gen_random_uuid(), NULL, 'brand_kit_updated', 'brand_kit', gen_random_uuid(), now() - g * interval '1 second'
              FROM generate_series(1, 100000) g;
            ANALYZE audit_log;
            """);
        var target = await db.AuditLog.Where(e => e.EntityId != null).OrderBy(e => e.Id).Select(e => e.EntityId!.Value).FirstAsync();
        var prefix = target.ToString()[..23];

        // The same predicate AdminService.AuditLogAsync sends (Guid.ToString() is a cast to text), with a parameter as EF Core sends it.
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = """
            EXPLAIN (ANALYZE, COSTS OFF)
            SELECT * FROM audit_log a WHERE a.entity_id::text LIKE @prefix OR a.user_id::text LIKE @prefix
            ORDER BY a.created_at DESC LIMIT 50
            """;
        explain.Parameters.Add(new Npgsql.NpgsqlParameter("prefix", prefix + "%"));
        var lines = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        var plan = string.Join("\n", lines);
        var (items, total) = await Service<AdminService>().AuditLogAsync(admin.Id, prefix);

        output.WriteLine(plan);
        Assert.Contains("ix_audit_log_entity_id_text", plan);
        Assert.DoesNotContain("Seq Scan", plan);
        Assert.Equal(1, total);
        Assert.Equal(target, Assert.Single(items).EntityId);
    }
}
