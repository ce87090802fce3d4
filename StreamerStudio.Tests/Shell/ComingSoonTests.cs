using Bunit;
using StreamerStudio.Tests.Infrastructure;
using StreamerStudio.Web.Components.Layout;

namespace StreamerStudio.Tests.Shell;

public sealed class ComingSoonTests : MudTestContext
{
    [Fact]
    public void Says_plainly_that_the_feature_is_not_available_yet()
    {
        var page = Render<ComingSoon>(p => p
            .Add(c => c.Title, "Gallery")
            .AddChildContent("Your assets will be collected here."));

        Assert.Equal("Gallery", page.Find("h4").TextContent);
        Assert.Contains("Not available yet", page.Find("[data-testid=coming-soon]").TextContent);
        Assert.Contains("Your assets will be collected here.", page.Markup);
    }
}
