namespace StreamerStudio.Domain.Accounts.Mail;

/// <param name="Headers">Extra headers (List-Unsubscribe on notification mail); null for none.</param>
public sealed record MailMessage(string To, string Subject, string HtmlBody, IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>How an email leaves the app: into the local outbox folder by default, over SMTP when configured.</summary>
public interface IMailer
{
    Task SendAsync(MailMessage message, CancellationToken cancellationToken = default);
}

public sealed class MailOptions
{
    public const string Section = "Mail";

    /// <summary>Sender address on every email.</summary>
    public string From { get; set; } = "Streamer Studio <no-reply@streamer.studio>";

    /// <summary>Where emails are written when no SMTP host is set; relative to the data folder.</summary>
    public string OutboxFolder { get; set; } = "outbox";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    /// <summary>STARTTLS (or implicit TLS on port 465); off only for a local relay.</summary>
    public bool UseTls { get; set; } = true;
}
