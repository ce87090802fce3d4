using StreamerStudio.Domain.BrandKits;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// Everything the score and the engines know about a brand's voice: the fingerprint measured from the samples and
/// what the creator wrote on the brand kit (tone, tone words, preferred and avoided words), read fresh on each call.
/// </summary>
public sealed record BrandVoice(
    Guid BrandKitId,
    string KitName,
    Tone Tone,
    IReadOnlyList<string> ToneKeywords,
    IReadOnlyList<string> PreferredWords,
    IReadOnlyList<string> AvoidWords,
    VoiceMetrics Metrics,
    string Summary,
    bool SummaryEdited,
    DateTimeOffset? TrainedAt)
{
    public TrainingStatus Status => Metrics.Status;

    /// <summary>
    /// The newest samples' text, for provider prompts (where they are delimited as data). Only filled where a provider
    /// may need them (<see cref="VoiceStudio.GetVoiceAsync"/>, <see cref="FromSamples"/>); the built-in engine never reads them.
    /// </summary>
    public IReadOnlyList<string> Samples { get; init; } = [];

    /// <summary>The creator's trending words (<see cref="TrendingKeywords"/>) for SEO notes; empty without synced content.</summary>
    public IReadOnlyList<string> Trending { get; init; } = [];

    public static BrandVoice For(BrandKit kit, VoiceFingerprint? fingerprint)
    {
        var metrics = fingerprint?.Metrics ?? VoiceMetrics.Empty;
        return new BrandVoice(kit.Id, kit.Name, kit.Tone, kit.ToneKeywords, kit.PreferredWords, kit.AvoidWords, metrics,
            fingerprint?.Summary ?? metrics.Summarize(kit.Name, kit.Tone, kit.ToneKeywords),
            fingerprint?.SummaryEdited ?? false, fingerprint?.LastTrainedAt);
    }

    /// <summary>For tests and the benchmark: a voice straight from samples, no database.</summary>
    public static BrandVoice FromSamples(IEnumerable<string> samples, Tone tone = Tone.Casual, IReadOnlyList<string>? avoid = null,
        IReadOnlyList<string>? preferred = null, string name = "My brand")
    {
        var list = samples.ToList();
        var metrics = VoiceMetrics.From(list);
        return new BrandVoice(Guid.Empty, name, tone, [], preferred ?? [], avoid ?? [], metrics, metrics.Summarize(name, tone, []), false, null)
        {
            Samples = list,
        };
    }
}

/// <summary>A fingerprint row (seed 004 <c>voice_fingerprints</c>), one per brand kit, rewritten when its samples change.</summary>
public class VoiceFingerprint
{
    public Guid Id { get; set; }
    public Guid BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    public VoiceMetrics Metrics { get; set; } = VoiceMetrics.Empty;
    public int SampleCount { get; set; }
    public double TrainingQuality { get; set; }
    public string Summary { get; set; } = "";
    /// <summary>The creator rewrote the summary: it is kept when samples change, until they regenerate it.</summary>
    public bool SummaryEdited { get; set; }
    public DateTimeOffset? LastTrainedAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One pasted past title or description (seed 004 <c>voice_samples</c>).</summary>
public class VoiceSample
{
    public Guid Id { get; set; }
    public Guid BrandKitId { get; set; }
    public BrandKit? BrandKit { get; set; }
    public required string Content { get; set; }
    public int WordCount { get; set; }
    /// <summary>The sample reads like an instruction to an AI; it is kept as data but the voice does not learn from it.</summary>
    public bool LooksLikeInstruction { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
