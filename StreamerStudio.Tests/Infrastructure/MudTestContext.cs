using Bunit;
using MudBlazor;
using MudBlazor.Services;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// bUnit context for MudBlazor components: loose JS interop (MudBlazor calls into JS we do not run),
/// MudBlazor services with transitions off, and the popover provider that menus and selects need.
/// </summary>
public abstract class MudTestContext : BunitContext
{
    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.ShowTransitionDuration = 0;
            options.SnackbarConfiguration.HideTransitionDuration = 0;
            options.PopoverOptions.CheckForPopoverProvider = false;
        });
    }

    protected IRenderedComponent<MudPopoverProvider> RenderPopoverProvider() => Render<MudPopoverProvider>();

    /// <summary>
    /// xunit 2 disposes test classes synchronously, but some MudBlazor services can only be disposed
    /// asynchronously; the container is therefore disposed the async way.
    /// </summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        else
        {
            base.Dispose(disposing);
        }
    }
}
