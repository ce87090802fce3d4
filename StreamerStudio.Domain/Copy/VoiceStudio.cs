using System.Globalization;
using StreamerStudio.Domain.BrandKits;
using StreamerStudio.Domain.Platforms;

namespace StreamerStudio.Domain.Copy;

/// <summary>A synced video, VOD or clip whose words can become samples; <see cref="IsSample"/> when its title is one already.</summary>
public sealed record SampleSource(Guid ContentItemId, Platform Platform, string Title, bool HasDescription, long? ViewCount, DateTimeOffset? PublishedAt,
    bool IsSample);

/// <summary>What a paste did: how many samples were added, how many were already there, and the voice after it.</summary>
public sealed record SamplesAdded(int Added, int AlreadyThere, BrandVoice Voice);

/// <summary>
/// A brand kit's voice: its samples and the fingerprint learned from them. Every call takes the acting user; another
/// user's kit or sample id gets "not found" and changes nothing. The fingerprint is rewritten in the same transaction
/// as the samples it comes from, so it never describes samples that are not there.
/// </summary>
public sealed class VoiceStudio(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock, VoiceEmbeddings? embeddings = null)
{
    public const int MaxSampleLength = 5_000;
    public const int MaxSamplesPerKit = 500;
    public const int MaxSummary = 2_000;
    public const string SampleNotFound = "Sample not found.";
    /// <summary>How many of the newest samples a voice carries for provider prompts.</summary>
    public const int PromptSamples = 40;
    /// <summary>How many synced items the picker lists and one choice may add.</summary>
    public const int MaxPicked = 50;

    public async Task<BrandVoice> GetVoiceAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        // Four independent reads, each on its own connection: the copy studio waits on this before its first token, and
        // one round trip costs less than four in a row. The kit check still decides — for another user's kit it throws
        // "not found" first and the other reads are dropped unseen.
        var kit = ReadAsync(db => FindKitAsync(db, userId, kitId, cancellationToken), cancellationToken);
        var fingerprint = ReadAsync(db => db.VoiceFingerprints.AsNoTracking().SingleOrDefaultAsync(f => f.BrandKitId == kitId, cancellationToken), cancellationToken);
        var samples = ReadAsync(db => db.VoiceSamples.AsNoTracking().Where(s => s.BrandKitId == kitId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Take(PromptSamples).Select(s => s.Content).ToListAsync(cancellationToken), cancellationToken);
        var trending = ReadAsync(db => TrendingKeywords.ForCreatorAsync(db, userId, cancellationToken), cancellationToken);
        await Task.WhenAll(kit, fingerprint, samples, trending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        return BrandVoice.For(await kit, await fingerprint) with { Samples = await samples, Trending = await trending };
    }

    private async Task<T> ReadAsync<T>(Func<StudioDbContext, Task<T>> read, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await read(db);
    }

    /// <summary>The kit's samples, newest first.</summary>
    public async Task<IReadOnlyList<VoiceSample>> ListSamplesAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FindKitAsync(db, userId, kitId, cancellationToken);
        return await db.VoiceSamples.AsNoTracking().Where(s => s.BrandKitId == kitId)
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Adds pasted samples, one per line (blank lines skipped, exact repeats of a stored sample skipped). Refused as a
    /// whole, nothing stored, when nothing is pasted, a line is too long, or the kit would pass its cap.
    /// </summary>
    public async Task<SamplesAdded> AddSamplesAsync(Guid userId, Guid kitId, string? pasted, CancellationToken cancellationToken = default)
    {
        var lines = (pasted ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
        {
            throw new RequestRefusedException("Paste at least one past title or description, one per line.");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Length > MaxSampleLength)
            {
                throw new RequestRefusedException(string.Create(CultureInfo.InvariantCulture,
                    $"Line {i + 1} has {lines[i].Length:N0} characters; keep each sample to {MaxSampleLength:N0} or fewer. Nothing was added."));
            }
        }

        return await StoreAsync(userId, kitId, lines, "you pasted", cancellationToken);
    }

    /// <summary>
    /// The creator's synced videos, VODs and clips to pick samples from, most viewed first, matching <paramref name="search"/>
    /// when given, each saying whether its title is a sample of this kit already.
    /// </summary>
    public async Task<IReadOnlyList<SampleSource>> SampleSourcesAsync(Guid userId, Guid kitId, string? search, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FindKitAsync(db, userId, kitId, cancellationToken);
        var items = db.ContentItems.AsNoTracking().Where(i => i.UserId == userId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var words = search.Trim();
            items = items.Where(i => i.SearchVector.Matches(EF.Functions.WebSearchToTsQuery("simple", words)) || EF.Functions.ILike(i.Title, "%" + words + "%"));
        }

        var found = await items.OrderByDescending(i => i.ViewCount ?? 0).ThenByDescending(i => i.PublishedAt).Take(MaxPicked)
            .Select(i => new { i.Id, i.Platform, i.Title, HasDescription = i.Description != null && i.Description != "", i.ViewCount, i.PublishedAt })
            .ToListAsync(cancellationToken);
        var titles = found.Select(i => i.Title.Trim()).ToList();
        var known = (await db.VoiceSamples.Where(s => s.BrandKitId == kitId && titles.Contains(s.Content)).Select(s => s.Content).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);
        return [.. found.Select(i => new SampleSource(i.Id, i.Platform, i.Title, i.HasDescription, i.ViewCount, i.PublishedAt, known.Contains(i.Title.Trim())))];
    }

    /// <summary>
    /// Adds the titles (and, when asked, the descriptions) of the creator's chosen synced items as samples: repeats of a
    /// stored sample are skipped, and the whole choice is refused, nothing stored, when an item is not theirs or the kit
    /// would pass its cap.
    /// </summary>
    public async Task<SamplesAdded> AddFromContentAsync(Guid userId, Guid kitId, IReadOnlyCollection<Guid> contentItemIds, bool withDescriptions,
        CancellationToken cancellationToken = default)
    {
        var ids = contentItemIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            throw new RequestRefusedException("Pick at least one video to learn from.");
        }

        if (ids.Count > MaxPicked)
        {
            throw new RequestRefusedException($"Pick at most {MaxPicked} videos at a time.");
        }

        List<(string Title, string? Description)> items;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            items = (await db.ContentItems.AsNoTracking().Where(i => ids.Contains(i.Id) && i.UserId == userId)
                    .OrderByDescending(i => i.PublishedAt).Select(i => new { i.Title, i.Description }).ToListAsync(cancellationToken))
                .Select(i => (i.Title, i.Description)).ToList();
        }

        if (items.Count != ids.Count)
        {
            throw new RequestRefusedException("One of those videos was not found. Sync your channel and pick again; nothing was added.");
        }

        var lines = items.SelectMany(i => withDescriptions && !string.IsNullOrWhiteSpace(i.Description) ? [i.Title, i.Description] : new[] { i.Title })
            .Select(l => l.Trim()).Where(l => l.Length > 0)
            // A synced description can be longer than a pasted sample may be: its opening is what carries the voice.
            .Select(l => l.Length <= MaxSampleLength ? l : l[..MaxSampleLength].TrimEnd())
            .ToList();
        return await StoreAsync(userId, kitId, lines, "you chose", cancellationToken);
    }

    /// <summary>Stores the new lines (exact repeats of a stored sample skipped) and retrains, all or nothing, under the kit's lock so the cap holds.</summary>
    private async Task<SamplesAdded> StoreAsync(Guid userId, Guid kitId, List<string> lines, string how, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kit = await LockKitAsync(db, userId, kitId, cancellationToken);
        var existing = await db.VoiceSamples.Where(s => s.BrandKitId == kitId).Select(s => s.Content).ToListAsync(cancellationToken);
        var known = existing.ToHashSet(StringComparer.Ordinal);
        var fresh = lines.Where(known.Add).ToList();
        var repeats = lines.Count - fresh.Count;
        if (existing.Count + fresh.Count > MaxSamplesPerKit)
        {
            throw new RequestRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"A brand kit keeps at most {MaxSamplesPerKit} samples; this one has {existing.Count} and {how} {fresh.Count} new. Remove some first. Nothing was added."));
        }

        var now = clock.GetUtcNow();
        foreach (var (line, i) in fresh.Select((l, i) => (l, i)))
        {
            db.VoiceSamples.Add(new VoiceSample
            {
                Id = Guid.CreateVersion7(),
                BrandKitId = kitId,
                Content = line,
                WordCount = VoiceText.Words(line).Count,
                LooksLikeInstruction = VoiceText.LooksLikeInstruction(line),
                // Pasted order kept, the first line newest: a microsecond apart, the precision of timestamptz.
                CreatedAt = now.AddMicroseconds(-i),
            });
        }

        var fingerprint = await RetrainAsync(db, kit, [.. existing, .. fresh], regenerateSummary: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new SamplesAdded(fresh.Count, repeats, BrandVoice.For(kit, fingerprint));
    }

    public async Task<BrandVoice> DeleteSampleAsync(Guid userId, Guid sampleId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var sample = await db.VoiceSamples.SingleOrDefaultAsync(
                         s => s.Id == sampleId && s.BrandKit!.UserId == userId && s.BrandKit.DeletedAt == null, cancellationToken)
                     ?? throw new RequestRefusedException(SampleNotFound);
        var kit = await LockKitAsync(db, userId, sample.BrandKitId, cancellationToken);
        db.VoiceSamples.Remove(sample);
        var rest = await db.VoiceSamples.Where(s => s.BrandKitId == kit.Id && s.Id != sampleId).Select(s => s.Content).ToListAsync(cancellationToken);
        var fingerprint = await RetrainAsync(db, kit, rest, regenerateSummary: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return BrandVoice.For(kit, fingerprint);
    }

    public async Task<BrandVoice> ClearSamplesAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kit = await LockKitAsync(db, userId, kitId, cancellationToken);
        await db.VoiceSamples.Where(s => s.BrandKitId == kitId).ExecuteDeleteAsync(cancellationToken);
        var fingerprint = await RetrainAsync(db, kit, [], regenerateSummary: false, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return BrandVoice.For(kit, fingerprint);
    }

    /// <summary>The creator's own words for their voice; kept when samples change, until they regenerate it.</summary>
    public async Task<BrandVoice> EditSummaryAsync(Guid userId, Guid kitId, string? summary, CancellationToken cancellationToken = default)
    {
        var text = (summary ?? "").Trim();
        if (text.Length == 0)
        {
            throw new RequestRefusedException("Write a summary, or regenerate it from your samples.");
        }

        if (text.Length > MaxSummary)
        {
            throw new RequestRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"Keep the summary to {MaxSummary:N0} characters or fewer; this one has {text.Length:N0}."));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kit = await LockKitAsync(db, userId, kitId, cancellationToken);
        var fingerprint = await db.VoiceFingerprints.SingleOrDefaultAsync(f => f.BrandKitId == kitId, cancellationToken)
                          ?? await RetrainAsync(db, kit, await SampleTextsAsync(db, kitId, cancellationToken), regenerateSummary: true, cancellationToken);
        fingerprint.Summary = text;
        fingerprint.SummaryEdited = true;
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return BrandVoice.For(kit, fingerprint);
    }

    /// <summary>Measures the samples again and writes a fresh summary, replacing one the creator edited.</summary>
    public async Task<BrandVoice> RegenerateAsync(Guid userId, Guid kitId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var kit = await LockKitAsync(db, userId, kitId, cancellationToken);
        var fingerprint = await RetrainAsync(db, kit, await SampleTextsAsync(db, kitId, cancellationToken), regenerateSummary: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return BrandVoice.For(kit, fingerprint);
    }

    private static Task<List<string>> SampleTextsAsync(StudioDbContext db, Guid kitId, CancellationToken cancellationToken) =>
        db.VoiceSamples.Where(s => s.BrandKitId == kitId).Select(s => s.Content).ToListAsync(cancellationToken);

    private async Task<VoiceFingerprint> RetrainAsync(StudioDbContext db, BrandKit kit, IReadOnlyList<string> samples, bool regenerateSummary,
        CancellationToken cancellationToken)
    {
        var metrics = VoiceMetrics.From(samples);
        if (embeddings is { IsConfigured: true })
        {
            // Inside the kit's lock, so the mean is of exactly the samples stored; a failing model leaves the fingerprint
            // without it (and says so) rather than refusing the samples.
            var embedding = await embeddings.MeanAsync(VoiceMetrics.Learned(samples), cancellationToken);
            metrics = metrics with { Embedding = embedding.Embedding, EmbeddingState = embedding.State, EmbeddingNote = embedding.Note };
        }

        var fingerprint = await db.VoiceFingerprints.SingleOrDefaultAsync(f => f.BrandKitId == kit.Id, cancellationToken);
        if (fingerprint is null)
        {
            fingerprint = new VoiceFingerprint { Id = Guid.CreateVersion7(), BrandKitId = kit.Id };
            db.VoiceFingerprints.Add(fingerprint);
        }

        fingerprint.Metrics = metrics;
        fingerprint.SampleCount = metrics.SampleCount;
        fingerprint.TrainingQuality = metrics.TrainingQuality;
        fingerprint.LastTrainedAt = clock.GetUtcNow();
        if (regenerateSummary || !fingerprint.SummaryEdited)
        {
            fingerprint.Summary = metrics.Summarize(kit.Name, kit.Tone, kit.ToneKeywords);
            fingerprint.SummaryEdited = false;
        }

        return fingerprint;
    }

    private static async Task<BrandKit> FindKitAsync(StudioDbContext db, Guid userId, Guid kitId, CancellationToken cancellationToken) =>
        await db.BrandKits.AsNoTracking().SingleOrDefaultAsync(k => k.Id == kitId && k.UserId == userId && k.DeletedAt == null, cancellationToken)
        ?? throw new RequestRefusedException(BrandKitService.NotFound);

    /// <summary>The kit, checked to be the user's, with its row locked: two pastes at once run one after the other and the cap holds.</summary>
    private static async Task<BrandKit> LockKitAsync(StudioDbContext db, Guid userId, Guid kitId, CancellationToken cancellationToken)
    {
        var kit = await FindKitAsync(db, userId, kitId, cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM brand_kits WHERE id = {kitId} FOR UPDATE", cancellationToken);
        return kit;
    }
}
