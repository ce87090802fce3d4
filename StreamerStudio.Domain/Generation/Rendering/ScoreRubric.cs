namespace StreamerStudio.Domain.Generation.Rendering;

/// <summary>One line of the viral score: what it measures, how many of the 100 points it carries, what earns them.</summary>
public sealed record ScoreCriterion(string Key, string Name, int Weight, string Earns);

/// <summary>
/// The viral score's rubric: the one table the scorer takes its weights from and the asset page shows as
/// "Why this score". Everything is measured on the rendered pixels shrunk to the size the asset is first seen at
/// (a thumbnail: 360 px wide on YouTube's home feed, 168 px in the sidebar).
/// </summary>
public static class ScoreRubric
{
    public static readonly ScoreCriterion HeadlineSize = new("headline-size", "Headline size in the feed", 10,
        "Cap height of the headline at the smallest size the asset is shown (thumbnails: 168 px sidebar): full marks from 14 px, none at 6 px or less.");

    public static readonly ScoreCriterion Words = new("words", "Headline length", 20,
        "3 words or fewer earn all 20; each word more costs 2.5. Banners, offline screens and overlays are read longer: 5 words or fewer.");

    public static readonly ScoreCriterion HeadlineContrast = new("headline-contrast", "Headline against its surroundings", 10,
        "Contrast between the light and dark ends of the headline's area at the smallest size: full marks at 7:1, none at 2:1.");

    public static readonly ScoreCriterion Subject = new("subject", "A face or character", 20,
        "8 points for a subject whose face (key area) is in the picture, the other 12 as it grows to a quarter of the frame. Text alone earns none.");

    public static readonly ScoreCriterion Focus = new("focus", "One clear focal point", 10,
        "6 points for calm outside the headline and subject (edge density at the smallest size: full at 8 % or less, none from 30 %); 4 for four separate elements or fewer, one less for each more.");

    public static readonly ScoreCriterion SubjectContrast = new("subject-contrast", "Subject stands out from the background", 10,
        "Colour distance between the subject's face and the background just around the subject: full at 35 % of the RGB range, none at 8 %. No subject, no points.");

    public static readonly ScoreCriterion Saturation = new("saturation", "Colour", 5,
        "Average saturation: full marks from 45 %, none at 15 % or less.");

    public static readonly ScoreCriterion Brand = new("brand", "Brand colours show", 5,
        "Share of the picture close to one of the brand kit's colours: full marks from 12 %, none under 1 %.");

    public static readonly ScoreCriterion SafeArea = new("safe-area", "Inside the safe area", 10,
        "Headline, subline, badge, logo and the subject's face inside the safe area outlined on this page: 5 points off for each one outside.");

    /// <summary>The ceiling when a viewer could not read the headline at all, whatever else earned.</summary>
    public const int UnreadableCap = 45;

    public static readonly string Cap =
        $"A headline outside the safe area, cut off, under 4 px tall or under 2:1 contrast at the smallest size caps the score at {UnreadableCap}: in the feed nobody can read it.";

    public static readonly IReadOnlyList<ScoreCriterion> All =
        [HeadlineSize, Words, HeadlineContrast, Subject, Focus, SubjectContrast, Saturation, Brand, SafeArea];
}
