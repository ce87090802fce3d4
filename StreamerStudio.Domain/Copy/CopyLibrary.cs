namespace StreamerStudio.Domain.Copy;

/// <summary>One line of the history list: enough to recognise a generation and reopen it.</summary>
public sealed record HistoryEntry(Guid Id, string KitName, string Brief, string FirstTitle, string Engine, DateTimeOffset CreatedAt);

public sealed record HistoryPage(IReadOnlyList<HistoryEntry> Entries, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

public sealed record FavouriteEntry(Guid Id, Guid GenerationId, SuggestionKind Kind, string Text, string KitName, DateTimeOffset CreatedAt);

/// <summary>
/// The copy studio's history, favourites, templates and applied suggestions. Every call takes the acting user; another
/// user's generation, favourite or template id gets "not found" and changes nothing.
/// </summary>
public sealed class CopyLibrary(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
{
    public const int HistoryPageSize = 10;
    public const int MaxTemplateName = 80;
    public const int MaxTemplatesPerCreator = 100;
    public const string GenerationNotFound = "Generation not found.";
    public const string FavouriteNotFound = "Favourite not found.";
    public const string TemplateNotFound = "Template not found.";

    /// <summary>The creator's generations, newest first, a page at a time (page 1 is the newest).</summary>
    public async Task<HistoryPage> HistoryAsync(Guid userId, int page = 1, CancellationToken cancellationToken = default)
    {
        page = Math.Max(1, page);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mine = db.GeneratedCopy.AsNoTracking().Where(g => g.UserId == userId);
        var total = await mine.CountAsync(cancellationToken);
        var rows = await mine.OrderByDescending(g => g.CreatedAt).ThenByDescending(g => g.Id)
            .Skip((page - 1) * HistoryPageSize).Take(HistoryPageSize).ToListAsync(cancellationToken);
        return new HistoryPage(
            [.. rows.Select(g => new HistoryEntry(g.Id, g.KitName, CopyRules.Fit(g.Brief.ReplaceLineEndings(" "), 120),
                g.Suggestions.Titles.FirstOrDefault()?.Text ?? "", g.Engine, g.CreatedAt))],
            total, page, HistoryPageSize);
    }

    public async Task<GeneratedCopy> OpenAsync(Guid userId, Guid generationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await FindGenerationAsync(db, userId, generationId, cancellationToken);
    }

    /// <summary>Stars one suggestion of a generation; starring it again keeps the one favourite.</summary>
    public async Task<Guid> StarAsync(Guid userId, Guid generationId, SuggestionKind kind, string? text, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var generation = await FindGenerationAsync(db, userId, generationId, cancellationToken);
        var line = CheckPartOf(generation, kind, text);
        var existing = await db.CopyFavourites.Where(f => f.GenerationId == generationId && f.Kind == kind && f.Text == line)
            .Select(f => (Guid?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (existing is { } id)
        {
            return id;
        }

        var favourite = new CopyFavourite { UserId = userId, GenerationId = generationId, Kind = kind, Text = line, CreatedAt = clock.GetUtcNow() };
        db.CopyFavourites.Add(favourite);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // Two tabs starred it at the same moment: it is starred either way.
            return await db.CopyFavourites.Where(f => f.GenerationId == generationId && f.Kind == kind && f.Text == line)
                .Select(f => f.Id).SingleAsync(cancellationToken);
        }

        return favourite.Id;
    }

    public async Task UnstarAsync(Guid userId, Guid favouriteId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.CopyFavourites.Where(f => f.Id == favouriteId && f.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new RequestRefusedException(FavouriteNotFound);
        }
    }

    /// <summary>The creator's favourites, newest first.</summary>
    public async Task<IReadOnlyList<FavouriteEntry>> FavouritesAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CopyFavourites.AsNoTracking().Where(f => f.UserId == userId)
            .OrderByDescending(f => f.CreatedAt).ThenByDescending(f => f.Id)
            .Select(f => new FavouriteEntry(f.Id, f.GenerationId, f.Kind, f.Text, f.Generation!.KitName, f.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The system templates, then the creator's own by name.</summary>
    public async Task<IReadOnlyList<CopyTemplate>> TemplatesAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CopyTemplates.AsNoTracking().Where(t => t.UserId == null || t.UserId == userId)
            .OrderBy(t => t.UserId != null).ThenBy(t => t.Name).ThenBy(t => t.Id)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Keeps the brief as one of the creator's templates.</summary>
    public async Task<CopyTemplate> SaveTemplateAsync(Guid userId, string? name, string? brief, CancellationToken cancellationToken = default)
    {
        var checkedName = CheckName(name);
        var text = CopyBrief.Check(brief);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.CopyTemplates.CountAsync(t => t.UserId == userId, cancellationToken) >= MaxTemplatesPerCreator)
        {
            throw new RequestRefusedException($"You can keep up to {MaxTemplatesPerCreator} templates; delete one you no longer use first.");
        }

        var now = clock.GetUtcNow();
        var template = new CopyTemplate { UserId = userId, Name = checkedName, Category = "mine", Brief = text, CreatedAt = now, UpdatedAt = now };
        db.CopyTemplates.Add(template);
        await db.SaveChangesAsync(cancellationToken);
        return template;
    }

    /// <summary>Renames one of the creator's own templates (system ones are not theirs: not found).</summary>
    public async Task RenameTemplateAsync(Guid userId, Guid templateId, string? name, CancellationToken cancellationToken = default)
    {
        var checkedName = CheckName(name);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var changed = await db.CopyTemplates.Where(t => t.Id == templateId && t.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Name, checkedName).SetProperty(t => t.UpdatedAt, clock.GetUtcNow()), cancellationToken);
        if (changed == 0)
        {
            throw new RequestRefusedException(TemplateNotFound);
        }
    }

    public async Task DeleteTemplateAsync(Guid userId, Guid templateId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.CopyTemplates.Where(t => t.Id == templateId && t.UserId == userId).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            throw new RequestRefusedException(TemplateNotFound);
        }
    }

    /// <summary>The brief a template fills in (a system one or the creator's own), counted as one use.</summary>
    public async Task<string> UseTemplateAsync(Guid userId, Guid templateId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var template = await db.CopyTemplates.AsNoTracking()
                           .SingleOrDefaultAsync(t => t.Id == templateId && (t.UserId == null || t.UserId == userId), cancellationToken)
                       ?? throw new RequestRefusedException(TemplateNotFound);
        await db.CopyTemplates.Where(t => t.Id == templateId).ExecuteUpdateAsync(s => s.SetProperty(t => t.UseCount, t => t.UseCount + 1), cancellationToken);
        return template.Brief;
    }

    /// <summary>The creator pressed a suggestion's Copy button.</summary>
    public Task RecordCopiedAsync(Guid userId, Guid generationId, SuggestionKind kind, string? text, CancellationToken cancellationToken = default) =>
        RecordAsync(userId, generationId, kind, text, ApplicationTarget.Copied, null, cancellationToken);

    /// <summary>A suggestion was written to one of the creator's synced videos (<paramref name="contentItemId"/>); called by the YouTube apply.</summary>
    public async Task RecordAppliedToVideoAsync(Guid userId, Guid generationId, SuggestionKind kind, string? text, Guid contentItemId,
        CancellationToken cancellationToken = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (!await db.ContentItems.AnyAsync(c => c.Id == contentItemId && c.UserId == userId, cancellationToken))
            {
                throw new RequestRefusedException("Video not found.");
            }
        }

        await RecordAsync(userId, generationId, kind, text, ApplicationTarget.YoutubeVideo, contentItemId, cancellationToken);
    }

    /// <summary>What was used from each generation, for "used" marks in the history: generation id to the kinds used.</summary>
    public async Task<IReadOnlyList<SuggestionApplication>> ApplicationsAsync(Guid userId, Guid generationId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await FindGenerationAsync(db, userId, generationId, cancellationToken);
        return await db.SuggestionApplications.AsNoTracking().Where(a => a.GenerationId == generationId)
            .OrderBy(a => a.AppliedAt).ThenBy(a => a.Id).ToListAsync(cancellationToken);
    }

    private async Task RecordAsync(Guid userId, Guid generationId, SuggestionKind kind, string? text, ApplicationTarget target, Guid? contentItemId,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var generation = await FindGenerationAsync(db, userId, generationId, cancellationToken);
        var line = CheckPartOf(generation, kind, text);
        db.SuggestionApplications.Add(new SuggestionApplication
        {
            UserId = userId, GenerationId = generationId, Kind = kind, Text = line, Target = target, ContentItemId = contentItemId, AppliedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The text a suggestion of <paramref name="kind"/> has in the generation: tags as YouTube takes them, comma-separated.</summary>
    public static IEnumerable<string> Lines(CopySuggestions s, SuggestionKind kind) => kind switch
    {
        SuggestionKind.Title => s.Titles.Select(t => t.Text),
        SuggestionKind.Description => [s.Description.Text],
        SuggestionKind.Tags => [TagsText(s)],
        SuggestionKind.TwitchTitle => [s.TwitchTitle.Text],
        SuggestionKind.GoLive => [s.GoLiveNotification.Text],
        _ => [],
    };

    public static string TagsText(CopySuggestions s) => string.Join(", ", s.Tags);

    /// <summary>Only what the generation suggested can be starred or recorded as used, so the history tells the truth.</summary>
    private static string CheckPartOf(GeneratedCopy generation, SuggestionKind kind, string? text) =>
        Lines(generation.Suggestions, kind).FirstOrDefault(l => l == text)
        ?? throw new RequestRefusedException("That suggestion is not part of this generation.");

    private static string CheckName(string? name)
    {
        var text = (name ?? "").Trim();
        if (text.Length == 0)
        {
            throw new RequestRefusedException("Give the template a name.");
        }

        return text.Length <= MaxTemplateName
            ? text
            : throw new RequestRefusedException($"Keep the template's name to {MaxTemplateName} characters or fewer; this one has {text.Length}.");
    }

    private static async Task<GeneratedCopy> FindGenerationAsync(StudioDbContext db, Guid userId, Guid generationId, CancellationToken cancellationToken) =>
        await db.GeneratedCopy.AsNoTracking().SingleOrDefaultAsync(g => g.Id == generationId && g.UserId == userId, cancellationToken)
        ?? throw new RequestRefusedException(GenerationNotFound);
}
