using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace StreamerStudio.Domain.Accounts.Mail;

/// <summary>Sends through an SMTP server (MailKit: System.Net.Mail's SmtpClient is not recommended for new code).</summary>
public sealed class SmtpMailer(MailOptions options) : IMailer
{
    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        var smtp = options.Smtp;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(options.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        foreach (var (name, value) in message.Headers ?? new Dictionary<string, string>())
        {
            mime.Headers.Add(name, value);
        }

        mime.Body = new BodyBuilder { HtmlBody = message.HtmlBody }.ToMessageBody();

        using var client = new SmtpClient();
        var security = !smtp.UseTls ? SecureSocketOptions.None
            : smtp.Port == 465 ? SecureSocketOptions.SslOnConnect
            : SecureSocketOptions.StartTls;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }

        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
