using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using StreamerStudio.Domain.Accounts;
using StreamerStudio.Domain.Accounts.Mail;
using StreamerStudio.Domain.Notifications;
using StreamerStudio.Domain.Persistence;

namespace StreamerStudio.Tests.Notifications;

/// <summary>
/// Notification email against the real database and the outbox: mailed once, only after the grace period and only
/// if still unread, as the creator chose; the digest; one-click unsubscribe links that only do what they were signed for.
/// The app here runs no job server, so only the runs a test makes (on its own fake clock) send anything.
/// </summary>
public sealed class NotificationEmailTests(NoWorkerAppFixture app) : IClassFixture<NoWorkerAppFixture>
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    private EmailSettings Settings => app.Services.GetRequiredService<EmailSettings>();

    private UnsubscribeLinks Links => app.Services.GetRequiredService<UnsubscribeLinks>();

    private NotificationEmails Sender(IMailer? mailer = null) => new(
        app.Services.GetRequiredService<IDbContextFactory<StudioDbContext>>(), mailer ?? app.Outbox, Links,
        Options.Create(new NotificationMailOptions()), _clock, NullLogger<NotificationEmails>.Instance);

    private async Task<User> NewUserAsync() => await app.CreateUserAsync($"{Guid.NewGuid():N}@example.com", StudioAppFixture.Password);

    private List<OutboxMail> MailsTo(User user) => app.Outbox.ReadNewestFirst(10_000).Where(m => m.To == user.Email).ToList();

    private async Task<Guid> NotifyAsync(User user, NotificationKind kind = NotificationKind.PaymentFailed, string title = "Your payment failed",
        bool read = false)
    {
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        var notification = new Notification
        {
            Id = Guid.CreateVersion7(), UserId = user.Id, Kind = kind, Title = title, Message = "Update your card <soon>.",
            Link = "/billing", IsRead = read, CreatedAt = _clock.GetUtcNow(),
        };
        db.Notifications.Add(notification);
        await db.SaveChangesAsync();
        return notification.Id;
    }

    private void PassGracePeriod() => _clock.Advance(new NotificationMailOptions().GracePeriod + TimeSpan.FromSeconds(1));

    [Fact]
    public async Task An_unread_mailable_notification_is_mailed_once_and_only_after_the_grace_period()
    {
        var user = await NewUserAsync();
        var id = await NotifyAsync(user);

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Sender().RunAsync();
        Assert.Empty(MailsTo(user));

        PassGracePeriod();
        await Sender().RunAsync();
        await Sender().RunAsync();

        var mail = Assert.Single(MailsTo(user));
        Assert.Equal("Your payment failed", mail.Subject);
        // The creator's text is encoded, never markup.
        Assert.Contains("Update your card &lt;soon&gt;.", mail.HtmlBody);
        Assert.Contains("/billing\">Open in Streamer Studio</a>", mail.HtmlBody);
        Assert.NotNull(mail.Headers);
        Assert.Matches("^<http[^>]+/email/unsubscribe/one-click\\?[^>]+>$", mail.Headers!["List-Unsubscribe"]);
        Assert.Equal("List-Unsubscribe=One-Click", mail.Headers["List-Unsubscribe-Post"]);
        await using var db = TestPostgres.CreateContext(app.ConnectionString);
        Assert.NotNull((await db.Notifications.SingleAsync(n => n.Id == id)).EmailedAt);
    }

    [Fact]
    public async Task A_notification_read_within_the_grace_period_is_never_mailed_nor_is_one_that_is_not_mailable()
    {
        var user = await NewUserAsync();
        await NotifyAsync(user, read: true);
        await NotifyAsync(user, NotificationKind.JobFinished, "Your thumbnail is ready");
        PassGracePeriod();
        await Sender().RunAsync();
        Assert.Empty(MailsTo(user));
    }

    [Fact]
    public async Task A_kind_switched_off_is_not_mailed_and_the_master_switch_off_mails_nothing()
    {
        var picky = await NewUserAsync();
        await Settings.SaveAsync(picky.Id, new EmailChoices(true, false, new HashSet<NotificationKind> { NotificationKind.PaymentFailed }));
        await NotifyAsync(picky, NotificationKind.PaymentFailed, "Payment failed");
        await NotifyAsync(picky, NotificationKind.AdminMessage, "Hello from the team");

        var quiet = await NewUserAsync();
        await Settings.SaveAsync(quiet.Id, new EmailChoices(false, false, new HashSet<NotificationKind>()));
        await NotifyAsync(quiet, NotificationKind.AdminMessage, "Hello from the team");

        PassGracePeriod();
        await Sender().RunAsync();
        Assert.Equal("Hello from the team", Assert.Single(MailsTo(picky)).Subject);
        Assert.Empty(MailsTo(quiet));
    }

    [Fact]
    public async Task Saving_a_kind_that_is_never_mailed_is_refused_and_changes_nothing()
    {
        var user = await NewUserAsync();
        var refused = await Assert.ThrowsAsync<RequestRefusedException>(() =>
            Settings.SaveAsync(user.Id, new EmailChoices(false, true, new HashSet<NotificationKind> { NotificationKind.JobFinished })));
        Assert.Contains("never emailed", refused.Message);
        Assert.Equal(new EmailChoices(true, false, new HashSet<NotificationKind>()).EmailOn, (await Settings.GetAsync(user.Id)).EmailOn);
        Assert.False((await Settings.GetAsync(user.Id)).DailyDigest);
    }

    [Fact]
    public async Task The_daily_digest_gathers_everything_unread_into_one_mail_instead_of_one_each()
    {
        var user = await NewUserAsync();
        await Settings.SaveAsync(user.Id, new EmailChoices(true, true, new HashSet<NotificationKind>()));
        await NotifyAsync(user, NotificationKind.PaymentFailed, "Payment failed");
        await NotifyAsync(user, NotificationKind.AssetExpiring, "An asset expires in 3 days");
        await NotifyAsync(user, NotificationKind.AdminMessage, "Hello from the team");
        await NotifyAsync(user, NotificationKind.AdminMessage, "Already seen", read: true);

        PassGracePeriod();
        await Sender().RunAsync();
        Assert.Empty(MailsTo(user));

        _clock.Advance(TimeSpan.FromHours(20));
        await Sender().RunDigestAsync();
        await Sender().RunDigestAsync();
        var digest = Assert.Single(MailsTo(user));
        Assert.Equal("3 new notifications from Streamer Studio", digest.Subject);
        Assert.Contains("Payment failed", digest.HtmlBody);
        Assert.Contains("An asset expires in 3 days", digest.HtmlBody);
        Assert.Contains("Hello from the team", digest.HtmlBody);
        Assert.DoesNotContain("Already seen", digest.HtmlBody);
        Assert.Contains("topic=all", digest.Headers!["List-Unsubscribe"]);
    }

    [Fact]
    public async Task Two_runs_at_once_mail_each_notification_once()
    {
        var user = await NewUserAsync();
        for (var i = 0; i < 6; i++)
        {
            await NotifyAsync(user, NotificationKind.AdminMessage, $"Message {i}");
        }

        PassGracePeriod();
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => Sender().RunAsync())));
        var subjects = MailsTo(user).Select(m => m.Subject).Order().ToList();
        Assert.Equal(Enumerable.Range(0, 6).Select(i => $"Message {i}"), subjects);
    }

    [Fact]
    public async Task A_failed_send_is_tried_again_on_the_next_run()
    {
        var user = await NewUserAsync();
        await NotifyAsync(user);
        PassGracePeriod();
        // A port nobody listens on: the SMTP connection is refused, as when the mail server is down.
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var port = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        var down = new SmtpMailer(new MailOptions { Smtp = new SmtpOptions { Host = "127.0.0.1", Port = port, UseTls = false } });

        await Sender(down).RunAsync();
        Assert.Empty(MailsTo(user));
        await Sender().RunAsync();
        Assert.Single(MailsTo(user));
    }

    private async Task<(User User, string OneClick)> MailedUserAsync(NotificationKind kind = NotificationKind.PaymentFailed)
    {
        var user = await NewUserAsync();
        await NotifyAsync(user, kind);
        PassGracePeriod();
        await Sender().RunAsync();
        var header = Assert.Single(MailsTo(user)).Headers!["List-Unsubscribe"];
        return (user, new Uri(header.Trim('<', '>')).PathAndQuery);
    }

    private static async Task<HttpResponseMessage> OneClickAsync(HttpClient http, string pathAndQuery) =>
        await http.PostAsync(pathAndQuery, new FormUrlEncodedContent([new("List-Unsubscribe", "One-Click")]));

    [Fact]
    public async Task The_one_click_link_switches_off_its_own_kind_for_its_own_user_without_signing_in()
    {
        var (user, oneClick) = await MailedUserAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };

        var response = await OneClickAsync(http, oneClick);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new[] { NotificationKind.PaymentFailed }, (await Settings.GetAsync(user.Id)).OffKinds);
        Assert.True((await Settings.GetAsync(user.Id)).EmailOn);

        // Mail programs may press it twice; still just that one kind.
        Assert.Equal(HttpStatusCode.OK, (await OneClickAsync(http, oneClick)).StatusCode);
        Assert.Equal(new[] { NotificationKind.PaymentFailed }, (await Settings.GetAsync(user.Id)).OffKinds);
    }

    [Fact]
    public async Task Forged_or_borrowed_unsubscribe_tokens_are_refused_and_change_nothing()
    {
        var (user, oneClick) = await MailedUserAsync();
        var other = await NewUserAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var token = Regex.Match(oneClick, "token=([^&]+)").Groups[1].Value;

        var tampered = oneClick.Replace("token=" + token, "token=" + token[..^2] + (token[^2] == 'A' ? "BA" : "AA"));
        var payment = "topic=" + new UnsubscribeTopic(NotificationKind.PaymentFailed).Slug;
        var otherKind = oneClick.Replace(payment, "topic=" + new UnsubscribeTopic(NotificationKind.AdminMessage).Slug);
        var everything = oneClick.Replace(payment, "topic=all");
        var otherUser = oneClick.Replace(user.Id.ToString("N"), other.Id.ToString("N"));
        var noToken = oneClick.Replace("token=" + token, "token=");
        foreach (var forged in new[] { tampered, otherKind, everything, otherUser, noToken })
        {
            Assert.NotEqual(oneClick, forged);
            Assert.Equal(HttpStatusCode.BadRequest, (await OneClickAsync(http, forged)).StatusCode);
        }

        foreach (var untouched in new[] { user, other })
        {
            var choices = await Settings.GetAsync(untouched.Id);
            Assert.True(choices.EmailOn);
            Assert.Empty(choices.OffKinds);
        }

        // The page says so rather than offering a button that cannot work.
        await using var context = await Browser.NewContextAsync(app.BaseUrl);
        var page = await context.NewPageAsync();
        await page.GotoAsync(otherKind.Replace("/one-click", ""));
        await Assertions.Expect(page.GetByTestId("unsubscribe-refused")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("unsubscribe-confirm")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_link_in_the_mail_asks_first_and_then_switches_that_kind_off()
    {
        var (user, _) = await MailedUserAsync(NotificationKind.AdminMessage);
        var link = app.LinkInLatestMail(user.Email!, "Stop \u201cMessage from Streamer Studio\u201d emails");
        await using var context = await Browser.NewContextAsync(app.BaseUrl);
        var page = await context.NewPageAsync();

        await page.GotoAsync(new Uri(link).PathAndQuery);
        Assert.Empty((await Settings.GetAsync(user.Id)).OffKinds);
        await page.GetByTestId("unsubscribe-confirm").ClickAsync();
        await Assertions.Expect(page.GetByTestId("unsubscribe-done")).ToContainTextAsync("Message from Streamer Studio");
        Assert.Equal(new[] { NotificationKind.AdminMessage }, (await Settings.GetAsync(user.Id)).OffKinds);
    }

    [Fact]
    public async Task A_kind_switched_off_on_the_settings_page_stays_off_after_a_reload()
    {
        await using var creator = await app.SignInNewUserAsync();
        var page = creator.Page;
        await page.GotoAsync("/Account/Manage/Notifications");
        var payment = page.GetByLabel("Payment failed", new() { Exact = true });
        await Assertions.Expect(payment).ToBeCheckedAsync();

        await payment.UncheckAsync();
        await page.GetByTestId("save-email-settings").ClickAsync();
        await Assertions.Expect(page.GetByTestId("email-settings-saved")).ToBeVisibleAsync();

        await page.ReloadAsync();
        await Assertions.Expect(page.GetByLabel("Payment failed", new() { Exact = true })).Not.ToBeCheckedAsync();
        await Assertions.Expect(page.GetByLabel("Allowance used up", new() { Exact = true })).ToBeCheckedAsync();
        Assert.Equal(new[] { NotificationKind.PaymentFailed }, (await Settings.GetAsync(creator.User.Id)).OffKinds);
    }
}
