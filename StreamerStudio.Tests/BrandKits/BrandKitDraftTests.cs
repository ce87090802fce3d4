using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Tests.BrandKits;

public sealed class BrandKitDraftTests
{
    private static BrandKitDraft Valid() => new() { Name = "Neon Nights", PrimaryColors = ["#6D28D9"], AccentColors = [] };

    [Fact]
    public void A_complete_kit_has_no_problems()
    {
        Assert.Empty(Valid().Problems());
    }

    [Theory]
    [InlineData("name", "Give the kit a name.")]
    [InlineData("long name", "Keep the name to 60 characters (it has 61).")]
    [InlineData("no primary", "Add at least 1 primary colour.")]
    [InlineData("six accents", "Up to 5 accent colours; remove 1.")]
    [InlineData("bad hex", "\"red\" is not a colour: use a hex code like #FF5733.")]
    [InlineData("unknown font", "Pick a headline font from the list.")]
    [InlineData("long style", "Keep the style reference to 500 characters (it has 501).")]
    [InlineData("21 values", "Up to 20 brand values; remove 1.")]
    [InlineData("long word", "Keep each of the words to avoid to 40 characters")]
    public void Each_problem_is_named_on_its_field(string input, string message)
    {
        var draft = Valid();
        var field = input switch
        {
            "name" => Set(() => draft.Name = "  ", nameof(BrandKitDraft.Name)),
            "long name" => Set(() => draft.Name = new string('n', 61), nameof(BrandKitDraft.Name)),
            "no primary" => Set(() => draft.PrimaryColors = [], nameof(BrandKitDraft.PrimaryColors)),
            "six accents" => Set(() => draft.AccentColors = [.. Enumerable.Repeat("#FFFFFF", 6)], nameof(BrandKitDraft.AccentColors)),
            "bad hex" => Set(() => draft.PrimaryColors = ["red"], nameof(BrandKitDraft.PrimaryColors)),
            "unknown font" => Set(() => draft.HeadlineFont = "Comic Sans", nameof(BrandKitDraft.HeadlineFont)),
            "long style" => Set(() => draft.StyleReference = new string('s', 501), nameof(BrandKitDraft.StyleReference)),
            "21 values" => Set(() => draft.BrandValues = [.. Enumerable.Range(0, 21).Select(i => $"value {i}")], nameof(BrandKitDraft.BrandValues)),
            _ => Set(() => draft.AvoidWords = [new string('w', 41)], nameof(BrandKitDraft.AvoidWords)),
        };

        var problems = draft.Problems();

        Assert.Equal([field], problems.Keys);
        Assert.StartsWith(message, problems[field]);
    }

    [Fact]
    public void Blank_guideline_lines_are_ignored_and_colours_normalised_on_save()
    {
        var draft = Valid();
        draft.DoList = ["  Hype the squad ", "", "   "];
        draft.PrimaryColors = [" #6d28d9 "];
        var kit = new BrandKit { Name = "" };

        draft.ApplyTo(kit);

        Assert.Equal(["Hype the squad"], kit.DoList);
        Assert.Equal(["#6D28D9"], kit.PrimaryColors);
    }

    private static string Set(Action change, string field)
    {
        change();
        return field;
    }
}
