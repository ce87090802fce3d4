using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Admin;
using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Tests.Admin;

/// <summary>The admin audit search: by the first characters of an id shown in the table, and by user (email or id), with paging.</summary>
public sealed class AuditSearchTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
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
}
