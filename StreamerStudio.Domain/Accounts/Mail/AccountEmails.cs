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

    /// <summary>
    /// Someone tried to register with an email that already has an account. The form said "check your email" as
    /// for any new account (it must not reveal who has one); the owner learns here what happened and what to do.
    /// </summary>
    public Task SendRegistrationAttemptAsync(User owner, string loginLink, string resetLink) =>
        Send(owner.Email!, "Someone tried to create a Streamer Studio account with your email",
            $"<p>Hi {Html(owner.Greeting)},</p><p>Someone, maybe you, tried to create a new account with this email. " +
            $"You already have one: <a href=\"{Html(loginLink)}\">log in</a>, or " +
            $"<a href=\"{Html(resetLink)}\">reset your password</a> if you forgot it. " +
            "If it was not you, there is nothing to do: no account was created and yours is unchanged.</p>");

    private Task Send(string to, string subject, string body) => mailer.SendAsync(new MailMessage(to, subject, body));

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
