using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace StreamerStudio.Domain.Copy;

/// <summary>
/// The tokens a provider reported for one engine call. <see cref="ICopyEngine"/> returns suggestions, not usage, so the
/// ledger reads the usage off the chat client instead: <see cref="CopyWriter"/> opens a meter around the call, and the
/// engine's <see cref="MeteredChatClient"/> adds to whichever meter is open where the request starts.
/// </summary>
public sealed class UsageMeter : IDisposable
{
    private static readonly AsyncLocal<UsageMeter?> Current = new();
    private readonly UsageMeter? _outer;
    private long _prompt;
    private long _completion;

    private UsageMeter()
    {
        _outer = Current.Value;
        Current.Value = this;
    }

    /// <summary>Opens a meter for the calls started from here (in this async flow) until it is disposed.</summary>
    public static UsageMeter Start() => new();

    /// <summary>The meter open where a request starts; the client holds on to it, so a stream read later still counts to it.</summary>
    internal static UsageMeter? Open => Current.Value;

    public int PromptTokens => (int)Math.Min(Interlocked.Read(ref _prompt), int.MaxValue);
    public int CompletionTokens => (int)Math.Min(Interlocked.Read(ref _completion), int.MaxValue);
    public bool Reported { get; private set; }

    internal void Add(UsageDetails? usage)
    {
        if (usage is null)
        {
            return;
        }

        Reported = true;
        Interlocked.Add(ref _prompt, usage.InputTokenCount ?? 0);
        Interlocked.Add(ref _completion, usage.OutputTokenCount ?? 0);
    }

    public void Dispose() => Current.Value = _outer;
}

/// <summary>
/// Passes every call through and adds the usage the provider reports (a response's <see cref="ChatResponse.Usage"/>, a
/// stream's <see cref="UsageContent"/>) to the <see cref="UsageMeter"/> open where the call started.
/// </summary>
public sealed class MeteredChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        var meter = UsageMeter.Open;
        var response = await base.GetResponseAsync(messages, options, cancellationToken);
        meter?.Add(response.Usage);
        return response;
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        CancellationToken cancellationToken = default) =>
        // Taken now, not inside the iterator: each step of a stream runs in its reader's async flow, which may not carry the meter.
        Stream(UsageMeter.Open, messages, options, cancellationToken);

    private async IAsyncEnumerable<ChatResponseUpdate> Stream(UsageMeter? meter, IEnumerable<ChatMessage> messages, ChatOptions? options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
        {
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                meter?.Add(usage.Details);
            }

            yield return update;
        }
    }
}
