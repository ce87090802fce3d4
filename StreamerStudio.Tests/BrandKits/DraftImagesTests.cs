using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Tests.BrandKits;

/// <summary>Unsaved logos and previews: found by their owner only, and named by what they show.</summary>
public sealed class DraftImagesTests
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 1, 2, 3];

    [Fact]
    public void Another_creator_finds_nothing_under_the_owners_key()
    {
        using var images = new DraftImages();
        var owner = Guid.NewGuid();
        var logoKey = images.PutLogo(owner, [1, 2, 3]);
        images.PutPreview(owner, "k", BrandKitPreview.Samples.Select(t => new PreviewImage(t, Jpeg, 64, 36)));

        Assert.Equal([1, 2, 3], images.Logo(owner, logoKey));
        Assert.Equal(Jpeg, images.Preview(owner, "k", AssetType.Thumbnail));
        Assert.True(images.HasPreview(owner, "k"));

        var stranger = Guid.NewGuid();
        Assert.Null(images.Logo(stranger, logoKey));
        Assert.Null(images.Preview(stranger, "k", AssetType.Thumbnail));
        Assert.False(images.HasPreview(stranger, "k"));
    }

    [Fact]
    public void The_preview_key_changes_with_what_the_preview_shows_and_with_nothing_else()
    {
        var draft = new BrandKitDraft { Name = "Neon Nights" };
        var key = BrandKitPreview.KeyOf(draft, logoHash: null);

        var renamed = draft.Copy();
        renamed.Name = "Neon Days";
        renamed.BrandValues = ["loud"];
        renamed.StyleReference = "arcade";
        Assert.Equal(key, BrandKitPreview.KeyOf(renamed, null));

        var halfTyped = draft.Copy();
        halfTyped.AccentColors.Add("#12");
        Assert.Equal(key, BrandKitPreview.KeyOf(halfTyped, null));

        var recoloured = draft.Copy();
        recoloured.PrimaryColors = ["#0F766E"];
        var otherFont = draft.Copy();
        otherFont.HeadlineFont = "Inter";
        var otherTone = draft.Copy();
        otherTone.Tone = Tone.Competitive;
        Assert.Equal(5, new[]
        {
            key, BrandKitPreview.KeyOf(recoloured, null), BrandKitPreview.KeyOf(otherFont, null), BrandKitPreview.KeyOf(otherTone, null),
            BrandKitPreview.KeyOf(draft, DraftImages.Hash([1, 2, 3])),
        }.Distinct().Count());
    }
}
