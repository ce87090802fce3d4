using System.Security.Claims;
using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor;
using SkiaSharp;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Assets.Storage;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Domain.Persistence;
using StreamerStudio.Web;
using StreamerStudio.Web.Components;
using StreamerStudio.Web.Components.Pages.BrandKits;
using Xunit.Abstractions;

namespace StreamerStudio.Tests.BrandKits;

/// <summary>The editor rendered by bUnit over the real services and database: messages beside fields, upload refusals.</summary>
public sealed class BrandKitEditorTests : MudTestContext, IClassFixture<DatabaseFixture>
{
    private readonly DatabaseFixture _database;
    private readonly ITestOutputHelper _output;
    private readonly string _storageFolder = Path.Combine(Path.GetTempPath(), $"kit-editor-{Guid.NewGuid():N}");
    private Guid _userId;

    public BrandKitEditorTests(DatabaseFixture database, ITestOutputHelper output)
    {
        _database = database;
        _output = output;
        Services.AddDbContextFactory<StudioDbContext>(o => o.UseNpgsql(database.ConnectionString).UseSnakeCaseNamingConvention());
        Services.AddSingleton<IAssetStorage>(new LocalAssetStorage(_storageFolder));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(Microsoft.Extensions.Logging.ILogger<>), typeof(NullLogger<>));
        Services.AddScoped<BrandKitService>();
        Services.AddScoped<StreamerStudio.Domain.Admin.RequestOrigin>();
        Services.AddScoped<StreamerStudio.Domain.Admin.AuditTrail>();
        Services.AddSingleton<IAssetRenderer, AssetRenderer>();
        Services.AddSingleton<BrandKitPreview>();
        Services.AddSingleton<DraftImages>();
    }

    private async Task<IRenderedComponent<BrandKitEditor>> OpenNewKitAsync()
    {
        await using (var db = _database.CreateContext())
        {
            var email = $"{Guid.NewGuid():N}@example.com";
            var user = new User { UserName = email, Email = email };
            db.Users.Add(user);
            await db.SaveChangesAsync();
            _userId = user.Id;
        }

        AddAuthorization().SetAuthorized("creator").SetClaims(new Claim(ClaimTypes.NameIdentifier, _userId.ToString()));
        RenderPopoverProvider();
        Render<MudSnackbarProvider>();
        var editor = Render<BrandKitEditor>();
        editor.WaitForElement("[data-testid=save-kit]");
        return editor;
    }

    private static InputFileContent File(byte[] bytes, string name, string type) => InputFileContent.CreateFromBinary(bytes, name, contentType: type);

    private static byte[] Png(int width, int height, SKColor colour)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var image = SKImage.FromBitmap(bitmap);
        return image.Encode(SKEncodedImageFormat.Png, 100).ToArray();
    }

    private async Task<int> KitCountAsync()
    {
        await using var db = _database.CreateContext();
        return await db.BrandKits.CountAsync(k => k.UserId == _userId);
    }

    [Fact]
    public async Task Saving_without_a_name_shows_the_message_beside_the_field_and_saves_nothing()
    {
        var editor = await OpenNewKitAsync();

        editor.Find("[data-testid=save-kit]").Click();

        editor.WaitForAssertion(() => Assert.Contains("Give the kit a name.", editor.Markup));
        Assert.NotNull(editor.Find("[data-testid=kit-problems]"));
        Assert.Equal(0, await KitCountAsync());
    }

    [Fact]
    public async Task A_bad_hex_colour_is_named_under_the_colours_and_nothing_is_saved()
    {
        var editor = await OpenNewKitAsync();
        editor.Find("input[data-testid=kit-name]").Input("Neon Nights");
        editor.Find("input[data-testid=primary-0]").Input("#12345Z");

        editor.Find("[data-testid=save-kit]").Click();

        editor.WaitForAssertion(() => Assert.Contains("\"#12345Z\" is not a colour", editor.Find("[data-testid=primary-error]").TextContent));
        Assert.Equal(0, await KitCountAsync());
    }

    [Theory]
    [InlineData("svg")]
    [InlineData("html")]
    [InlineData("truncated")]
    [InlineData("too big")]
    public async Task A_bad_logo_upload_shows_a_clear_message(string kind)
    {
        var editor = await OpenNewKitAsync();
        var png = Png(200, 100, SKColors.OrangeRed);
        var (file, message) = kind switch
        {
            "svg" => (File(Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "logo.svg", "image/svg+xml"),
                "SVG files aren't accepted"),
            "html" => (File(Encoding.UTF8.GetBytes("<!DOCTYPE html><html><body>hi</body></html>"), "logo.png", "image/png"),
                "This file is not a PNG, JPEG or WebP image"),
            "truncated" => (File(png[..(png.Length / 2)], "logo.png", "image/png"), "seems damaged or incomplete"),
            _ => (File(new byte[6 * 1024 * 1024], "logo.png", "image/png"), "That file is 6.0 MB; logos can be up to 5 MB"),
        };

        editor.FindComponent<InputFile>().UploadFiles(file);

        editor.WaitForAssertion(() => Assert.Contains(message, editor.Find("[data-testid=logo-error]").TextContent), TimeSpan.FromSeconds(5));
        Assert.Empty(editor.FindAll("[data-testid=logo-image]"));
        Assert.False(Directory.Exists(_storageFolder) && Directory.EnumerateFiles(_storageFolder, "*", SearchOption.AllDirectories).Any());
    }

    [Fact]
    public async Task A_good_logo_proposes_its_colours_and_accepting_them_fills_the_palette()
    {
        var editor = await OpenNewKitAsync();

        editor.FindComponent<InputFile>().UploadFiles(File(Png(120, 60, new SKColor(0xE1, 0x1D, 0x48)), "logo.png", "image/png"));
        editor.WaitForElement("[data-testid=palette-proposal]");
        editor.Find("[data-testid=use-palette]").Click();

        editor.WaitForAssertion(() => Assert.Equal("#E11D48", editor.Find("input[data-testid=primary-0]").GetAttribute("value")));
        Assert.Contains("Colours proposed from your logo", editor.Markup);
        Assert.NotNull(editor.Find("[data-testid=logo-image]"));
    }

    [Fact]
    public async Task The_logo_and_the_previews_reach_the_browser_as_urls_of_the_owners_images_never_as_data_uris()
    {
        var editor = await OpenNewKitAsync();
        var upload = Png(120, 60, new SKColor(0xE1, 0x1D, 0x48));
        var logo = await BrandKitService.PrepareLogoAsync(new MemoryStream(upload));
        var logoKey = DraftImages.Hash(logo.Png);
        var previewKey = BrandKitPreview.KeyOf(new BrandKitDraft { Name = "Neon Nights" }, logoKey);

        editor.Find("input[data-testid=kit-name]").Input("Neon Nights");
        editor.FindComponent<InputFile>().UploadFiles(File(upload, "logo.png", "image/png"));

        editor.WaitForAssertion(() => Assert.Equal(
            BrandKitPreview.Samples.Select(type => BrandKitEndpoints.PreviewUrl(previewKey, type)),
            editor.FindAll("[data-testid=preview-image]").Select(i => i.GetAttribute("src"))), TimeSpan.FromSeconds(20));
        Assert.Equal(BrandKitEndpoints.DraftLogoUrl(logoKey), editor.Find("[data-testid=logo-image]").GetAttribute("src"));
        Assert.DoesNotContain("data:", editor.Markup);

        var images = Services.GetRequiredService<DraftImages>();
        Assert.Equal(logo.Png, images.Logo(_userId, logoKey));
        Assert.Null(images.Logo(Guid.NewGuid(), logoKey));
        foreach (var type in BrandKitPreview.Samples)
        {
            var jpeg = images.Preview(_userId, key: previewKey, type);
            Assert.NotNull(jpeg);
            Assert.Equal([0xFF, 0xD8, 0xFF], jpeg[..3]);
            // What used to cross the circuit, base64-encoded, on every preview refresh.
            _output.WriteLine($"{type}: {jpeg.Length:N0} bytes as JPEG, {(jpeg.Length + 2) / 3 * 4:N0} as a data URI");
        }

        _output.WriteLine($"Logo: {logo.Png.Length:N0} bytes; editor markup: {editor.Markup.Length:N0} characters");
    }

    [Fact]
    public async Task The_upload_help_and_the_file_picker_state_the_limits_that_LogoImage_enforces()
    {
        var editor = await OpenNewKitAsync();

        var limits = editor.Find("[data-testid=logo-limits]").TextContent;
        Assert.Contains($"up to {Formats.Bytes(LogoImage.MaxBytes)} and {LogoImage.MaxSide}×{LogoImage.MaxSide} pixels", limits);
        Assert.Equal(LogoImage.Accept, editor.Find("input[type=file]").GetAttribute("accept"));
    }

    [Fact]
    public async Task A_new_kit_opens_on_colours_that_pass_its_own_contrast_check()
    {
        var editor = await OpenNewKitAsync();

        Assert.Empty(BrandKitPreview.ContrastWarnings(new BrandKitDraft()));
        Assert.Empty(editor.FindAll("[data-testid=contrast-warning]"));
    }
}
