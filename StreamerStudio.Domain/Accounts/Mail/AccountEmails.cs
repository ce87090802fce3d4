using System.Net;
using Microsoft.AspNetCore.Identity;

namespace StreamerStudio.Domain.Accounts.Mail;

/// <summary>
/// The account emails Identity asks for, written in the product's voice. Identity hands over links already
/// HTML-encoded, so they go into the markup as they are.
/// </summary>
public sealed class AccountEmails(IMailer mailer) : IEmailSender<User>
{
    public Task SendConfirmationLinkAsync(User user, string email, string confirmationLink) =>
        Send(email, "Confirm your Streamer Studio email",
            $"<p>Hi {Html(user.Greeting)},</p><p>Welcome to Streamer Studio! " +
            $"<a href=\"{confirmationLink}\">Confirm your email</a> to start building your brand kit.</p>");

    public Task SendPasswordResetLinkAsync(User user, string email, string resetLink) =>
        Send(email, "Reset your Streamer Studio password",
            $"<p>Hi {Html(user.Greeting)},</p><p><a href=\"{resetLink}\">Choose a new password</a>. " +
            "If you did not ask for this, ignore this email; your password stays as it is.</p>");

    public Task SendPasswordResetCodeAsync(User user, string email, string resetCode) =>
        Send(email, "Your Streamer Studio password reset code",
            $"<p>Hi {Html(user.Greeting)},</p><p>Your reset code is <strong>{Html(resetCode)}</strong>.</p>");

    private Task Send(string to, string subject, string body) => mailer.SendAsync(new MailMessage(to, subject, body));

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
