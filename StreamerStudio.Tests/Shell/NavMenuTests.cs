using Bunit;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Web.Components.Layout;

namespace StreamerStudio.Tests.Shell;

public sealed class NavMenuTests : MudTestContext
{
    private static readonly string[] CreatorLinks = ["Dashboard", "Brand kits", "Generate", "Copy", "Jobs", "Media", "Gallery", "Channels", "Billing"];

    [Fact]
    public void A_creator_sees_every_feature_but_not_admin()
    {
        AddAuthorization().SetAuthorized("creator@example.com");

        var menu = Render<NavMenu>();

        var links = menu.FindAll("a").Select(a => a.TextContent.Trim()).ToList();
        Assert.Equal(CreatorLinks, links);
    }

    [Fact]
    public void An_admin_also_sees_admin()
    {
        AddAuthorization().SetAuthorized("admin@example.com").SetRoles(Roles.Admin);

        var menu = Render<NavMenu>();

        var admin = menu.FindAll("a").Single(a => a.TextContent.Trim() == "Admin");
        Assert.Equal("admin", admin.GetAttribute("href"));
    }
}
