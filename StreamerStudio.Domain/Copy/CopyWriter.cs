using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StreamerStudio.Domain.Billing;

namespace StreamerStudio.Domain.Copy;

/// <summary>One step of a written generation: the text so far (display only), and on the last step the kept result.</summary>
public sealed record CopyStep(string Written, CopyResult? Result = null);

/// <summary>Finished suggestions, kept in the history as <see cref="GenerationId"/>.</summary>
public sealed record CopyResult(Guid GenerationId, CopySuggestions Suggestions);

/// <summary>
/// What the copy studio calls to write suggestions: the kit checked to be the creator's, the brief checked, one
/// generation of the monthly AI allowance reserved under the creator's lock, the engine's drafts passed on as they come,
/// and every call written to the <c>ai_usage</c> ledger however it ends. A finished generation is kept in the history in
/// the same transaction as its ledger row.
/// </summary>
public sealed partial class CopyWriter(
    IDbContextFactory<StudioDbContext> dbFactory,
    VoiceStudio voices,
    ICopyEngine engine,
    Plans plans,
    IOptions<CopyProviderOptions> provider,
    TimeProvider clock,
    ILogger<CopyWriter> logger)
{
    /// <summary>The built-in engine's row in the <see cref="AiModel"/> catalogue (cost 0).</summary>
    public const string BuiltInModel = "built-in";
    public const string Operation = "copy_suggestions";
    private const int MaxEngineName = 200;

    /// <summary>The engine's name, shown with every result.</summary>
    public string EngineName => engine.Name;

    /// <summary>
    /// Writes suggestions for <paramref name="brief"/> in the kit's voice. Refused (nothing reserved, nothing written) for
    /// another user's kit, a bad brief, or no generations left; a provider's refusal comes after the reservation and
    /// gives it back. Cancelling through <paramref name="cancellationToken"/> or leaving the stream early gives it back too.
    /// </summary>
    public async IAsyncEnumerable<CopyStep> WriteAsync(Guid userId, Guid kitId, string? brief,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var text = CopyBrief.Check(brief);
        var model = engine is BuiltInCopyEngine ? BuiltInModel : provider.Value.Model ?? "unknown";
        // Read fresh on every call: the kit's avoided words may have changed in another tab. Another user's kit: not found,
        // before anything is reserved. The model's price is read alongside, as it does not depend on the kit.
        var voiceRead = voices.GetVoiceAsync(userId, kitId, cancellationToken);
        var catalogueRead = FindModelAsync(model, cancellationToken);
        await Task.WhenAll(voiceRead, catalogueRead).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ContinueOnCapturedContext);
        var voice = await voiceRead;
        var catalogue = await catalogueRead;

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var call = new AiUsage
        {
            UserId = userId,
            BrandKitId = kitId,
            ModelId = catalogue?.Id,
            Engine = engine.Name.Length <= MaxEngineName ? engine.Name : engine.Name[..MaxEngineName],
            ModelName = model,
        };
        await plans.ReserveAiGenerationAsync(db, call, cancellationToken);

        var started = clock.GetTimestamp();
        using var meter = UsageMeter.Start();
        // Until the engine says otherwise, the call is one the creator walked away from.
        var outcome = AiOutcome.Cancelled;
        string? error = null;
        CopySuggestions? suggestions = null;
        var written = "";
        Guid? kept = null;
        try
        {
            await using var drafts = engine.StreamAsync(text, voice, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (suggestions is null)
            {
                try
                {
                    if (!await drafts.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (RequestRefusedException e)
                {
                    (outcome, error) = (AiOutcome.Refused, e.Message);
                    throw;
                }
                catch (OperationCanceledException)
                {
                    (outcome, error) = (AiOutcome.Cancelled, "Cancelled.");
                    throw;
                }
                catch (Exception e)
                {
                    (outcome, error) = (AiOutcome.Failed, e.GetType().Name);
                    LogEngineFailed(logger, e, call.Id);
                    throw;
                }

                written = drafts.Current.Written;
                suggestions = drafts.Current.Result;
                if (suggestions is null)
                {
                    yield return new CopyStep(written);
                }
            }

            if (suggestions is null)
            {
                (outcome, error) = (AiOutcome.Refused, NoResult);
                throw new RequestRefusedException(NoResult);
            }

            outcome = AiOutcome.Done;
        }
        finally
        {
            // Written whatever happened, so not on the caller's token: a cancelled call is recorded too.
            kept = await FinishAsync(call, catalogue, outcome, error, meter, clock.GetElapsedTime(started),
                outcome == AiOutcome.Done ? new GeneratedCopy
                {
                    UserId = userId, BrandKitId = kitId, KitName = voice.KitName, Brief = text, Engine = call.Engine, ModelName = model,
                    Suggestions = suggestions!, AiUsageId = call.Id,
                } : null);
        }

        yield return new CopyStep(written, new CopyResult(kept!.Value, suggestions));
    }

    /// <summary>The finished suggestions alone, for callers that do not show drafts.</summary>
    public async Task<CopyResult> SuggestAsync(Guid userId, Guid kitId, string? brief, CancellationToken cancellationToken = default)
    {
        await foreach (var step in WriteAsync(userId, kitId, brief, cancellationToken))
        {
            if (step.Result is { } result)
            {
                return result;
            }
        }

        throw new RequestRefusedException(NoResult);
    }

    /// <summary>This month's AI generations for the creator: used, left, when it resets.</summary>
    public async Task<AiAllowance> AllowanceAsync(Guid userId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await plans.AiAllowanceAsync(db, userId, cancellationToken);
    }

    private async Task<AiModel?> FindModelAsync(string model, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var lowered = model.ToLowerInvariant();
        return await db.AiModels.AsNoTracking().SingleOrDefaultAsync(m => m.ModelName.ToLower() == lowered && m.IsActive, cancellationToken);
    }

    private const string NoResult = "The engine stopped without finishing the suggestions, so nothing was kept. Try again.";

    /// <summary>
    /// Settles the ledger row and, for a finished call, keeps the generation in the same transaction. A call that did not
    /// finish leaves its row with an outcome that does not count, which gives the reserved generation back: the creator
    /// got nothing for it. A finished one keeps it.
    /// </summary>
    private async Task<Guid?> FinishAsync(AiUsage call, AiModel? catalogue, AiOutcome outcome, string? error, UsageMeter meter, TimeSpan took,
        GeneratedCopy? generation)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        var row = await db.AiUsage.SingleAsync(u => u.Id == call.Id, CancellationToken.None);
        var now = clock.GetUtcNow();
        row.Outcome = outcome;
        row.Error = error is { Length: > 1_000 } ? error[..1_000] : error;
        row.PromptTokens = meter.PromptTokens;
        row.CompletionTokens = meter.CompletionTokens;
        row.TotalTokens = meter.PromptTokens + meter.CompletionTokens;
        row.CostUsd = catalogue?.CostOf(meter.PromptTokens, meter.CompletionTokens);
        row.DurationMs = (int)Math.Min(took.TotalMilliseconds, int.MaxValue);
        row.FinishedAt = now;
        if (generation is not null)
        {
            generation.CreatedAt = now;
            db.GeneratedCopy.Add(generation);
        }

        await db.SaveChangesAsync(CancellationToken.None);
        await transaction.CommitAsync(CancellationToken.None);
        return generation?.Id;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Copy engine call {CallId} failed unexpectedly")]
    private static partial void LogEngineFailed(ILogger logger, Exception exception, Guid callId);
}
