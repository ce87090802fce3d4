using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

public sealed class TextShapingTests
{
    [Fact]
    public void Arabic_is_shaped_with_joined_forms_in_an_arabic_face()
    {
        var anton = FontLibrary.Get("Anton", false);
        var isolated = Assert.Single(Assert.Single(ShapedText.Shape("ب", anton, bold: false).Tokens).Runs);
        var shaped = ShapedText.Shape("ببب", anton, bold: false);

        var run = Assert.Single(Assert.Single(shaped.Tokens).Runs);
        Assert.Equal("Noto Sans Arabic", run.Typeface.FamilyName);
        Assert.True(run.Rtl);
        Assert.True(shaped.Rtl);
        // Joined, the letters take initial, medial and final forms: glyphs the isolated letter does not use.
        Assert.True(run.Glyphs.Except(isolated.Glyphs).Count() >= 2, $"Joined {string.Join(',', run.Glyphs)} vs isolated {string.Join(',', isolated.Glyphs)}.");
    }

    [Fact]
    public void Hebrew_comes_out_in_visual_order_right_to_left()
    {
        var face = FontLibrary.Get("Noto Sans Hebrew", false);
        var shaped = ShapedText.Shape("בא", FontLibrary.Get("Inter", false), bold: false);

        var run = Assert.Single(Assert.Single(shaped.Tokens).Runs);
        // Leftmost glyph is the last letter typed (alef), the rightmost the first (bet).
        Assert.Equal(face.GetGlyph('א'), run.Glyphs[0]);
        Assert.Equal(face.GetGlyph('ב'), run.Glyphs[1]);
        Assert.True(run.Positions[0].X < run.Positions[1].X);
    }

    [Fact]
    public void Mixed_text_is_split_into_runs_per_typeface_with_joiners_kept_together()
    {
        var runs = ShapedText.SplitRuns("GG🔥👍🏽!", FontLibrary.Get("Anton", false), bold: false);

        // The skin-tone modifier stays with its emoji; "!" goes back to the text face, which has it.
        Assert.Equal(["GG", "🔥👍🏽", "!"], runs.Select(r => r.Text));
        Assert.Equal(["Anton", "Noto Color Emoji", "Anton"], runs.Select(r => r.Face!.FamilyName));
    }

    [Fact]
    public void Cjk_breaks_between_characters_and_latin_between_words()
    {
        var tokens = ShapedText.Tokenize("日本語、OK ready").ToList();

        Assert.Equal(["日", "本", "語、", "OK", "ready"], tokens.Select(t => t.Text));
        Assert.Equal([false, false, false, false, true], tokens.Select(t => t.SpaceBefore));
    }

    [Fact]
    public void Fitting_shrinks_long_text_and_keeps_it_inside_the_box()
    {
        var box = new SkiaSharp.SKRect(100, 100, 600, 300);
        var face = FontLibrary.Get("Anton", false);
        var shortText = TextFitter.Fit("GG", face, false, box, new FitOptions(200, 20, 3));
        var longText = TextFitter.Fit("The longest headline anybody ever wrote for a thumbnail, honestly", face, false, box, new FitOptions(200, 20, 3));

        Assert.True(shortText.Size > longText.Size);
        Assert.True(longText.Lines <= 3);
        Assert.True(TextFitter.Inside(shortText.Ink, box) && TextFitter.Inside(longText.Ink, box));
        Assert.True(shortText.Ink.Height > box.Height * 0.6f, "Short text should grow to fill the box.");
    }
}
