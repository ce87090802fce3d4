using SkiaSharp;

namespace StreamerStudio.Tests.Generation.Rendering;

/// <summary>Pictures made in the test, nothing downloaded: a drawn figure with transparency and a busy "screenshot".</summary>
internal static class TestPictures
{
    /// <summary>A cartoon figure (head, shoulders, torso) on a transparent canvas with empty margins, head at about (0.5, 0.22).</summary>
    public static readonly byte[] Figure = MakeFigure(new SKColor(0xF2, 0xB8, 0x8C), new SKColor(0x22, 0xC5, 0x5E));

    /// <summary>A game-like frame: sky gradient, a skyline of blocks, a HUD bar and a bright target: lots of edges.</summary>
    public static readonly byte[] Screenshot = MakeScreenshot(1280, 720, 3);

    public static byte[] MakeFigure(SKColor skin, SKColor shirt, int width = 600, int height = 800)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.Transparent);
            using var body = new SKPaint { Color = shirt, IsAntialias = true };
            canvas.DrawRoundRect(new SKRect(width * 0.18f, height * 0.42f, width * 0.82f, height * 0.98f), width * 0.12f, width * 0.12f, body);
            using var neck = new SKPaint { Color = skin, IsAntialias = true };
            canvas.DrawRect(new SKRect(width * 0.44f, height * 0.3f, width * 0.56f, height * 0.45f), neck);
            canvas.DrawOval(new SKPoint(width * 0.5f, height * 0.22f), new SKSize(width * 0.17f, height * 0.15f), neck);
            using var eye = new SKPaint { Color = new SKColor(0x10, 0x10, 0x18), IsAntialias = true };
            canvas.DrawCircle(width * 0.44f, height * 0.2f, width * 0.025f, eye);
            canvas.DrawCircle(width * 0.56f, height * 0.2f, width * 0.025f, eye);
            using var mouth = new SKPaint { Color = new SKColor(0x8B, 0x1E, 0x1E), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = width * 0.015f };
            canvas.DrawArc(new SKRect(width * 0.43f, height * 0.22f, width * 0.57f, height * 0.3f), 20, 140, false, mouth);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] MakeScreenshot(int width, int height, int seed)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
        using (var canvas = new SKCanvas(bitmap))
        {
            using var sky = new SKPaint
            {
                Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, height), [new SKColor(0x38, 0xBD, 0xF8), new SKColor(0xF9, 0x73, 0x16)], SKShaderTileMode.Clamp),
            };
            canvas.DrawRect(0, 0, width, height, sky);
            var state = (uint)seed * 2654435761u + 7;
            uint Next()
            {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                return state;
            }

            using var block = new SKPaint { IsAntialias = true };
            for (var i = 0; i < 60; i++)
            {
                var w = width * (0.03f + Next() % 60 / 1000f);
                var h = height * (0.15f + Next() % 500 / 1000f);
                var x = Next() % width;
                block.Color = new SKColor((byte)(Next() % 90), (byte)(Next() % 90), (byte)(40 + Next() % 100));
                canvas.DrawRect(x, height - h, w, h, block);
                block.Color = new SKColor(0xFD, 0xE0, 0x47);
                for (var j = 0; j < 6; j++)
                {
                    canvas.DrawRect(x + Next() % (uint)Math.Max(1, w - 6), height - h + Next() % (uint)Math.Max(1, h - 6), 5, 7, block);
                }
            }

            block.Color = new SKColor(0, 0, 0, 160);
            canvas.DrawRect(0, height * 0.9f, width, height * 0.1f, block);
            block.Color = new SKColor(0xEF, 0x44, 0x44);
            canvas.DrawRect(width * 0.03f, height * 0.93f, width * 0.25f, height * 0.03f, block);
        }

        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
