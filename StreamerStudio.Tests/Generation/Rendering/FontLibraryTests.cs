using SkiaSharp;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Tests.Generation.Rendering;

public sealed class FontLibraryTests
{
    [Fact]
    public void Ships_the_curated_families_from_embedded_fonts()
    {
        Assert.True(FontLibrary.Families.Count >= 9);
        foreach (var family in FontLibrary.Families)
        {
            var face = FontLibrary.Get(family, bold: false);
            Assert.Equal(family, face.FamilyName);
            Assert.NotEqual(0, face.GetGlyph('A') + face.GetGlyph('ا') + face.GetGlyph('א'));
        }

        Assert.Contains("Anton", FontLibrary.Families);
        Assert.Contains("Noto Sans Arabic", FontLibrary.Families);
        Assert.Contains("Noto Sans Hebrew", FontLibrary.Families);
    }

    [Fact]
    public void Bold_is_a_real_cut_where_one_ships_and_the_regular_face_otherwise()
    {
        Assert.NotSame(FontLibrary.Get("Montserrat", false), FontLibrary.Get("Montserrat", true));
        Assert.True(FontLibrary.Get("Montserrat", true).FontWeight > FontLibrary.Get("Montserrat", false).FontWeight);
        Assert.Same(FontLibrary.Get("Anton", false), FontLibrary.Get("Anton", true));
    }

    [Fact]
    public void An_unknown_family_falls_back_to_the_default()
    {
        Assert.Same(FontLibrary.Get(FontLibrary.DefaultFamily, true), FontLibrary.Get("Comic Sans Deluxe", true));
        Assert.Same(FontLibrary.Get(FontLibrary.DefaultFamily, false), FontLibrary.Get(null, false));
        Assert.Same(FontLibrary.Get("Anton", false), FontLibrary.Get(" anton ", false));
    }

    [Theory]
    [InlineData(0x4F60, "Noto Sans CJK")]
    [InlineData(0x1F525, "Noto Color Emoji")]
    [InlineData(0x0645, "Noto Sans Arabic")]
    [InlineData(0x05E9, "Noto Sans Hebrew")]
    public void Characters_the_brand_font_lacks_fall_back_to_a_face_that_has_them(int codePoint, string family)
    {
        var face = FontLibrary.Fallback(codePoint, bold: true);

        Assert.NotNull(face);
        Assert.StartsWith(family, face.FamilyName);
        Assert.NotEqual(0, face.GetGlyph(codePoint));
    }
}
