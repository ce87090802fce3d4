using System.Text.RegularExpressions;
using StreamerStudio.Domain.Generation.Rendering;

namespace StreamerStudio.Domain.BrandKits;

/// <summary>A brand kit as the editor holds it before saving. Nothing is saved until <see cref="Problems"/> is empty.</summary>
public sealed partial class BrandKitDraft
{
    public const int MaxName = 60;
    public const int MaxColours = 5;
    public const int MaxStyleReference = 500;
    public const int MaxListItems = 20;
    public const int MaxListItem = 40;

    public string Name { get; set; } = "";
    // The studio's violet with a light pink: the pair passes the editor's own contrast check (5.1:1), so a new kit
    // does not open on a warning. The theme's pink (#F472B6) reaches only 2.7:1 on this violet.
    public List<string> PrimaryColors { get; set; } = ["#6D28D9"];
    public List<string> AccentColors { get; set; } = ["#FBCFE8"];
    public string HeadlineFont { get; set; } = "Anton";
    public string BodyFont { get; set; } = "Inter";
    public Tone Tone { get; set; } = Tone.Casual;
    public string? StyleReference { get; set; }
    public string? ExtractedFrom { get; set; }
    public List<string> BrandValues { get; set; } = [];
    public List<string> ToneKeywords { get; set; } = [];
    public List<string> DoList { get; set; } = [];
    public List<string> DontList { get; set; } = [];
    public List<string> PreferredWords { get; set; } = [];
    public List<string> AvoidWords { get; set; } = [];

    public static BrandKitDraft From(BrandKit kit) => new()
    {
        Name = kit.Name,
        PrimaryColors = [.. kit.PrimaryColors],
        AccentColors = [.. kit.AccentColors],
        HeadlineFont = kit.Fonts.Headline,
        BodyFont = kit.Fonts.Body,
        Tone = kit.Tone,
        StyleReference = kit.StyleReference,
        ExtractedFrom = kit.ExtractedFrom,
        BrandValues = [.. kit.BrandValues],
        ToneKeywords = [.. kit.ToneKeywords],
        DoList = [.. kit.DoList],
        DontList = [.. kit.DontList],
        PreferredWords = [.. kit.PreferredWords],
        AvoidWords = [.. kit.AvoidWords],
    };

    /// <summary>An independent copy (the preview renders it on another thread while the creator keeps typing).</summary>
    public BrandKitDraft Copy() => new()
    {
        Name = Name,
        PrimaryColors = [.. PrimaryColors],
        AccentColors = [.. AccentColors],
        HeadlineFont = HeadlineFont,
        BodyFont = BodyFont,
        Tone = Tone,
        StyleReference = StyleReference,
        ExtractedFrom = ExtractedFrom,
        BrandValues = [.. BrandValues],
        ToneKeywords = [.. ToneKeywords],
        DoList = [.. DoList],
        DontList = [.. DontList],
        PreferredWords = [.. PreferredWords],
        AvoidWords = [.. AvoidWords],
    };

    /// <summary>Copies the draft onto a kit, normalised (trimmed, colours upper-case, empty list items dropped).</summary>
    public void ApplyTo(BrandKit kit)
    {
        kit.Name = Name.Trim();
        kit.PrimaryColors = [.. PrimaryColors.Select(NormaliseColour)];
        kit.AccentColors = [.. AccentColors.Select(NormaliseColour)];
        kit.Fonts = new BrandFonts { Headline = HeadlineFont, Body = BodyFont };
        kit.Tone = Tone;
        kit.StyleReference = string.IsNullOrWhiteSpace(StyleReference) ? null : StyleReference.Trim();
        kit.ExtractedFrom = ExtractedFrom;
        kit.BrandValues = Clean(BrandValues);
        kit.ToneKeywords = Clean(ToneKeywords);
        kit.DoList = Clean(DoList);
        kit.DontList = Clean(DontList);
        kit.PreferredWords = Clean(PreferredWords);
        kit.AvoidWords = Clean(AvoidWords);
    }

    /// <summary>What is wrong, by field name, in words a creator can act on; empty when the kit can be saved.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        var name = Name.Trim();
        if (name.Length == 0)
        {
            problems[nameof(Name)] = "Give the kit a name.";
        }
        else if (name.Length > MaxName)
        {
            problems[nameof(Name)] = $"Keep the name to {MaxName} characters (it has {name.Length}).";
        }

        CheckColours(problems, nameof(PrimaryColors), PrimaryColors, min: 1, "primary");
        CheckColours(problems, nameof(AccentColors), AccentColors, min: 0, "accent");

        if (!FontLibrary.IsKnown(HeadlineFont))
        {
            problems[nameof(HeadlineFont)] = "Pick a headline font from the list.";
        }

        if (!FontLibrary.IsKnown(BodyFont))
        {
            problems[nameof(BodyFont)] = "Pick a body font from the list.";
        }

        if (!Enum.IsDefined(Tone))
        {
            problems[nameof(Tone)] = "Pick a tone.";
        }

        if (StyleReference?.Trim().Length > MaxStyleReference)
        {
            problems[nameof(StyleReference)] = $"Keep the style reference to {MaxStyleReference} characters (it has {StyleReference.Trim().Length}).";
        }

        CheckList(problems, nameof(BrandValues), BrandValues, "brand values");
        CheckList(problems, nameof(ToneKeywords), ToneKeywords, "tone keywords");
        CheckList(problems, nameof(DoList), DoList, "do's");
        CheckList(problems, nameof(DontList), DontList, "don'ts");
        CheckList(problems, nameof(PreferredWords), PreferredWords, "preferred words");
        CheckList(problems, nameof(AvoidWords), AvoidWords, "words to avoid");
        return problems;
    }

    public static bool IsHexColour(string? value) => value is not null && HexColour().IsMatch(value.Trim());

    public static string NormaliseColour(string value) => value.Trim().ToUpperInvariant();

    private static void CheckColours(Dictionary<string, string> problems, string field, List<string> colours, int min, string kind)
    {
        if (colours.Count < min)
        {
            problems[field] = $"Add at least {min} {kind} colour.";
        }
        else if (colours.Count > MaxColours)
        {
            problems[field] = $"Up to {MaxColours} {kind} colours; remove {colours.Count - MaxColours}.";
        }
        else if (colours.FirstOrDefault(c => !IsHexColour(c)) is { } bad)
        {
            problems[field] = $"\"{bad}\" is not a colour: use a hex code like #FF5733.";
        }
    }

    private static void CheckList(Dictionary<string, string> problems, string field, List<string> items, string label)
    {
        var kept = Clean(items);
        if (kept.Length > MaxListItems)
        {
            problems[field] = $"Up to {MaxListItems} {label}; remove {kept.Length - MaxListItems}.";
        }
        else if (kept.FirstOrDefault(i => i.Length > MaxListItem) is { } tooLong)
        {
            problems[field] = $"Keep each of the {label} to {MaxListItem} characters: \"{tooLong[..20]}…\" has {tooLong.Length}.";
        }
    }

    private static string[] Clean(IEnumerable<string> items) =>
        [.. items.Select(i => i.Trim()).Where(i => i.Length > 0)];

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex HexColour();
}
