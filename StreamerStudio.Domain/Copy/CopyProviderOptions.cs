namespace StreamerStudio.Domain.Copy;

/// <summary>
/// An OpenAI-compatible chat completions endpoint for the copy studio (section <c>Copy:Provider</c>). With
/// <see cref="BaseUrl"/> and <see cref="Model"/> set, <see cref="OpenAiCopyEngine"/> writes the suggestions; without, the
/// built-in engine does. The key comes from the environment (<c>Copy__Provider__ApiKey</c>) or user-secrets, never appsettings.
/// </summary>
public sealed class CopyProviderOptions
{
    public const string Section = "Copy:Provider";

    /// <summary>Which wire format <see cref="BaseUrl"/> speaks: OpenAI's chat completions, or Ollama's own <c>/api/chat</c>.</summary>
    public CopyProviderKind Kind { get; set; } = CopyProviderKind.OpenAi;

    /// <summary>
    /// OpenAi: up to and including the API version, e.g. <c>https://api.openai.com/v1</c> or <c>http://localhost:11434/v1</c>.
    /// Ollama: the server's root, e.g. <c>http://localhost:11434</c>.
    /// </summary>
    public string? BaseUrl { get; set; }

    /// <summary>Optional: local servers (Ollama, LM Studio) need none.</summary>
    public string? ApiKey { get; set; }

    public string? Model { get; set; }

    /// <summary>The whole call, answer included; past it the request is refused and nothing is kept.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(BaseUrl) && !string.IsNullOrWhiteSpace(Model);

    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>Null when usable; otherwise what to fix.</summary>
    public string? Problem() =>
        TimeoutSeconds is < 1 or > 600 ? $"{Section}:TimeoutSeconds must be between 1 and 600."
        : !string.IsNullOrWhiteSpace(BaseUrl) && !(Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            ? $"{Section}:BaseUrl must be an absolute http(s) URL such as https://api.openai.com/v1."
        : string.IsNullOrWhiteSpace(BaseUrl) != string.IsNullOrWhiteSpace(Model) ? $"Set both {Section}:BaseUrl and {Section}:Model, or neither."
        : null;
}

public enum CopyProviderKind
{
    OpenAi,
    Ollama,
}
