namespace StreamerStudio.Domain.Copy;

/// <summary>
/// An OpenAI-compatible chat completions endpoint for the copy studio (section <c>Copy:Provider</c>). With
/// <see cref="BaseUrl"/> and <see cref="Model"/> set, <see cref="OpenAiCopyEngine"/> writes the suggestions; without, the
/// built-in engine does. The key comes from the environment (<c>Copy__Provider__ApiKey</c>) or user-secrets, never appsettings.
/// </summary>
public sealed class CopyProviderOptions : AiEndpointOptions
{
    public const string Section = "Copy:Provider";

    /// <summary>Which wire format <see cref="BaseUrl"/> speaks: OpenAI's chat completions, or Ollama's own <c>/api/chat</c>.</summary>
    public CopyProviderKind Kind { get; set; } = CopyProviderKind.OpenAi;

    /// <summary>
    /// OpenAi: up to and including the API version, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.
    /// Ollama: the server's root, e.g. <c>http://localhost:11434</c>.
    /// </summary>
    public override string? BaseUrl { get; set; }

    protected override string SectionName => Section;
}

/// <summary>
/// What every AI endpoint the copy studio calls is configured by — URL, key, model, timeout — and how a setting is judged.
/// One definition, so the chat provider and the embeddings model refuse the same mistakes in the same words.
/// </summary>
public abstract class AiEndpointOptions
{
    /// <summary>Up to and including the API version, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.</summary>
    public virtual string? BaseUrl { get; set; }

    /// <summary>Optional: local servers (Ollama, LM Studio) need none.</summary>
    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    /// <summary>One call, answer included; past it the call is given up.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The configuration section, named in the messages.</summary>
    protected abstract string SectionName { get; }

    /// <summary>Null when usable; otherwise what to fix.</summary>
    public string? Problem() =>
        TimeoutSeconds is < 1 or > 600 ? $"{SectionName}:TimeoutSeconds must be between 1 and 600."
        : !string.IsNullOrWhiteSpace(BaseUrl) && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? $"{SectionName}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1."
        : string.IsNullOrWhiteSpace(BaseUrl) != string.IsNullOrWhiteSpace(Model) ? $"Set both {SectionName}:BaseUrl and {SectionName}:Model, or neither."
        : null;
}

public enum CopyProviderKind
{
    OpenAi,
    Ollama,
}
