using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Generation;

/// <summary>What a creator asks for on the Generate page.</summary>
public sealed record GenerationRequest
{
    public const int MaxHeadline = 100;
    public const int MaxSubline = 140;
    public const int MaxBadge = 16;
    public const int MinVariations = 2;
    public const int MaxVariations = 8;
    public const int MaxBatch = 6;

    public JobType JobType { get; init; } = JobType.Single;
    public IReadOnlyList<AssetType> AssetTypes { get; init; } = [];
    /// <summary>Where a type exists for several platforms (banners: YouTube or Twitch), which one; others ignore it.</summary>
    public Platform? Platform { get; init; }
    /// <summary>Null: the creator's active brand kit, or the built-in default when there is none.</summary>
    public Guid? BrandKitId { get; init; }
    public AssetFormat Format { get; init; } = AssetFormat.Png;
    public string Headline { get; init; } = "";
    public string? Subline { get; init; }
    public string? Badge { get; init; }
    public int Variations { get; init; } = 4;
    /// <summary>A picture from the creator's media library behind the text; a stream pack puts it on every asset.</summary>
    public Guid? BackgroundMediaId { get; init; }
    /// <summary>A cut-out from the creator's media library beside the text; a stream pack puts it on every asset.</summary>
    public Guid? SubjectMediaId { get; init; }

    /// <summary>How many files the request delivers, and so how much quota it reserves.</summary>
    public int Outputs => JobType switch
    {
        JobType.Batch => AssetTypes.Count,
        JobType.Variation => Variations,
        _ => 1,
    };

    /// <summary>
    /// Every problem with the request, in words a creator can act on, keyed by the field it belongs to (the
    /// property's name), as <see cref="BrandKits.BrandKitDraft.Problems"/> does; empty when it is fine.
    /// </summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        var headline = Headline.Trim();
        if (headline.Length == 0)
        {
            problems[nameof(Headline)] = "Write a headline: it is the text on your asset.";
        }
        else if (headline.Length > MaxHeadline)
        {
            problems[nameof(Headline)] = $"The headline is {headline.Length} characters; keep it to {MaxHeadline} or fewer (short headlines read better anyway).";
        }

        if (Subline?.Trim().Length > MaxSubline)
        {
            problems[nameof(Subline)] = $"The subline is {Subline.Trim().Length} characters; keep it to {MaxSubline} or fewer.";
        }

        if (Badge?.Trim().Length > MaxBadge)
        {
            problems[nameof(Badge)] = $"The badge is {Badge.Trim().Length} characters; keep it to {MaxBadge} or fewer, like LIVE or EP 12.";
        }

        if (!Enum.IsDefined(JobType))
        {
            problems[nameof(JobType)] = "Choose single, batch or variations.";
            return problems;
        }

        if (!Enum.IsDefined(Format))
        {
            problems[nameof(Format)] = "Choose PNG, JPEG or WebP.";
        }

        var unknown = AssetTypes.Where(t => !Enum.IsDefined(t) || !AssetCatalogue.Exists(t, null)).ToList();
        if (unknown.Count > 0)
        {
            problems[nameof(AssetTypes)] = $"Unknown asset type: {string.Join(", ", unknown.Select(t => (int)t))}. Pick from the list.";
            return problems;
        }

        var typeProblem = JobType switch
        {
            JobType.Single when AssetTypes.Count != 1 => "Pick exactly one asset type for a single asset.",
            JobType.Batch when AssetTypes.Count < 2 || AssetTypes.Count > MaxBatch => $"Pick between 2 and {MaxBatch} asset types for a batch.",
            JobType.Batch when AssetTypes.Distinct().Count() != AssetTypes.Count => "Each asset type can be in a batch once.",
            JobType.Variation when AssetTypes.Count != 1 => "Pick one asset type to make variations of.",
            _ => null,
        };
        if (typeProblem is not null)
        {
            problems[nameof(AssetTypes)] = typeProblem;
        }

        if (JobType == JobType.Variation && Variations is < MinVariations or > MaxVariations)
        {
            problems[nameof(Variations)] = $"Ask for between {MinVariations} and {MaxVariations} variations; {Variations} is not possible.";
        }

        if (typeProblem is null && Enum.IsDefined(Format))
        {
            var wrongFormat = AssetTypes.Select(t => AssetCatalogue.For(t, Platform)).FirstOrDefault(spec => !spec.Formats.Contains(Format));
            if (wrongFormat is not null)
            {
                problems[nameof(Format)] = $"A {wrongFormat.Name} must be {string.Join(" or ", wrongFormat.Formats.Select(f => f.ToString().ToUpperInvariant()))}.";
            }
        }

        return problems;
    }
}
