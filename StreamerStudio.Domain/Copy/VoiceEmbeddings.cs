using System.ClientModel;
using System.ClientModel.Primitives;
using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// An OpenAI-compatible <c>/v1/embeddings</c> endpoint (section <c>Copy:Embeddings</c>). With <see cref="BaseUrl"/> and
/// <see cref="Model"/> set, a fingerprint keeps its samples' mean embedding and the voice score adds an embedding
/// similarity; without, neither exists. The key comes from the environment (<c>Copy__Embeddings__ApiKey</c>) or
/// user-secrets, never appsettings.
/// </summary>
public sealed class EmbeddingOptions : AiEndpointOptions
{
    public const string Section = "Copy:Embeddings";

    protected override string SectionName => Section;
}

/// <summary>Whether a fingerprint carries its samples' mean embedding.</summary>
public enum EmbeddingState
{
    /// <summary>No embedding model is configured; the fingerprint is metrics only, as always.</summary>
    NotConfigured,
    Included,
    /// <summary>The model is configured but failed while the fingerprint was computed; it was kept without the embedding.</summary>
    Unavailable,
}

/// <summary>The samples' mean embedding, normalised, and the model that made it (vectors of different models do not compare).</summary>
public sealed record VoiceEmbedding(string Model, float[] Mean);

/// <summary>What embedding a set of samples gave: the mean, or why there is none.</summary>
public sealed record EmbeddingOutcome(EmbeddingState State, VoiceEmbedding? Embedding, string? Note);

/// <summary>
/// Embeddings for the brand voice through Microsoft.Extensions.AI's <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/>:
/// the samples' mean when a fingerprint is computed, and the scored text's similarity to it. A provider failure never
/// costs the creator anything: the fingerprint is kept without the embedding, a score is given without the sub-score.
/// </summary>
public sealed partial class VoiceEmbeddings(
    IEmbeddingGenerator<string, Embedding<float>>? generator, EmbeddingOptions options, TimeProvider clock, ILogger<VoiceEmbeddings> logger)
{
    // OpenAI takes up to 2,048 inputs per request; smaller batches keep each request well under its token limit too.
    private const int Batch = 100;

    public bool IsConfigured => generator is not null;

    /// <summary>A generator for the configured endpoint, or null when none is configured.</summary>
    public static IEmbeddingGenerator<string, Embedding<float>>? CreateGenerator(EmbeddingOptions options)
    {
        if (!options.IsConfigured)
        {
            return null;
        }

        if (options.Problem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        // The SDK's retries are off, as for the chat provider: a failure is reported (in the fingerprint's status), not retried for minutes.
        var client = new OpenAIClient(
            new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? "none" : options.ApiKey),
            new OpenAIClientOptions
            {
                Endpoint = new Uri(options.BaseUrl!),
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                NetworkTimeout = options.Timeout + TimeSpan.FromSeconds(5),
            });
        return client.GetEmbeddingClient(options.Model).AsIEmbeddingGenerator();
    }

    /// <summary>The normalised mean of the samples' embeddings; never throws for a provider failure (see <see cref="EmbeddingOutcome.Note"/>).</summary>
    public async Task<EmbeddingOutcome> MeanAsync(IReadOnlyList<string> samples, CancellationToken cancellationToken = default)
    {
        if (generator is null)
        {
            return new EmbeddingOutcome(EmbeddingState.NotConfigured, null, null);
        }

        if (samples.Count == 0)
        {
            return new EmbeddingOutcome(EmbeddingState.Included, null, null);
        }

        try
        {
            float[]? sum = null;
            foreach (var chunk in samples.Chunk(Batch))
            {
                foreach (var vector in await EmbedAsync(chunk, cancellationToken))
                {
                    sum ??= new float[vector.Length];
                    if (vector.Length != sum.Length)
                    {
                        throw new InvalidDataException("The embedding model returned vectors of different lengths.");
                    }

                    // Each sample counts once whatever its length: normalised before it is added.
                    TensorPrimitives.Add<float>(sum, Normalised(vector), sum);
                }
            }

            return new EmbeddingOutcome(EmbeddingState.Included, new VoiceEmbedding(options.Model!, Normalised(sum!)), null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogEmbeddingFailed(e, samples.Count);
            return new EmbeddingOutcome(EmbeddingState.Unavailable, null, string.Create(CultureInfo.InvariantCulture,
                $"Embeddings unavailable: the embedding model at {Host(options.BaseUrl)} failed ({Reason(e)}), so this fingerprint was computed without one. Regenerate it to try again."));
        }
    }

    /// <summary>
    /// The voice score, with the embedding similarity when the voice has a mean embedding from the configured model and
    /// the text can be embedded now; otherwise exactly <see cref="VoiceScorer.Score"/>.
    /// </summary>
    public async Task<VoiceScore> ScoreAsync(string text, BrandVoice voice, CancellationToken cancellationToken = default)
    {
        var score = VoiceScorer.Score(text, voice);
        if (generator is null || voice.Metrics.Embedding is not { } mean || mean.Model != options.Model || string.IsNullOrWhiteSpace(text))
        {
            return score;
        }

        try
        {
            var vector = (await EmbedAsync([text], cancellationToken)).Single();
            return vector.Length == mean.Mean.Length ? VoiceScorer.WithEmbedding(score, TensorPrimitives.CosineSimilarity<float>(vector, mean.Mean)) : score;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A score without the sub-score is still a true score; the creator is not held up by the embedding model.
            LogEmbeddingFailed(e, 1);
            return score;
        }
    }

    private async Task<IReadOnlyList<float[]>> EmbedAsync(IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var list = texts.ToList();
        var embeddings = await generator!.GenerateAsync(list, cancellationToken: linked.Token);
        if (embeddings.Count != list.Count)
        {
            throw new InvalidDataException($"The embedding model returned {embeddings.Count} vectors for {list.Count} texts.");
        }

        return [.. embeddings.Select(e => e.Vector.ToArray())];
    }

    private static float[] Normalised(float[] vector)
    {
        var norm = TensorPrimitives.Norm<float>(vector);
        var result = new float[vector.Length];
        if (norm > 0)
        {
            TensorPrimitives.Divide<float>(vector, norm, result);
        }

        return result;
    }

    private static string Reason(Exception e) => e switch
    {
        ClientResultException { Status: > 0 } c => string.Create(CultureInfo.InvariantCulture, $"HTTP {c.Status}"),
        OperationCanceledException => "no answer in time",
        InvalidDataException => "an answer that did not fit",
        _ => "could not be reached",
    };

    private static string Host(string? url) => Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.Authority : url ?? "";

    [LoggerMessage(LogLevel.Warning, "Embedding {Count} texts failed; the voice goes without embeddings")]
    private partial void LogEmbeddingFailed(Exception exception, int count);
}
