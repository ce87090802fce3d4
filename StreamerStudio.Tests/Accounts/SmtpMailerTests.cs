using System.Net.Sockets;
using System.Text;
using StreamerStudio.Domain.Accounts.Mail;

namespace StreamerStudio.Tests.Accounts;

/// <summary>The SMTP path, against a minimal SMTP server on 127.0.0.1 that speaks the real protocol (RFC 5321).</summary>
public sealed class SmtpMailerTests
{
    [Fact]
    public async Task Sends_the_message_over_smtp_when_a_host_is_configured()
    {
        using var server = new FakeSmtpServer();
        var mailer = new SmtpMailer(new MailOptions
        {
            From = "Streamer Studio <no-reply@streamer.studio>",
            Smtp = new SmtpOptions { Host = "127.0.0.1", Port = server.Port, UseTls = false },
        });

        await mailer.SendAsync(new MailMessage("nova@example.com", "Confirm your email", "<p>Hi <a href=\"https://x/confirm\">confirm</a></p>"));

        var received = await server.Received.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("<no-reply@streamer.studio>", received.From);
        Assert.Equal(["<nova@example.com>"], received.Recipients);
        Assert.Contains("Subject: Confirm your email", received.Data);
        Assert.Contains("https://x/confirm", received.Data);
    }

    private sealed record Envelope(string From, List<string> Recipients, string Data);

    private sealed class FakeSmtpServer : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

        public TaskCompletionSource<Envelope> Received { get; } = new();
        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public FakeSmtpServer()
        {
            _listener.Start();
            _ = Task.Run(ServeOneClientAsync);
        }

        private async Task ServeOneClientAsync()
        {
            using var client = await _listener.AcceptTcpClientAsync();
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.ASCII);
            await using var writer = new StreamWriter(stream, Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
            string from = "";
            var recipients = new List<string>();
            await writer.WriteLineAsync("220 fake-smtp ready");
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Split(' ')[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO" or "HELO":
                        await writer.WriteLineAsync("250 fake-smtp");
                        break;
                    case "MAIL":
                        from = line[(line.IndexOf(':') + 1)..].Split(' ')[0];
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        recipients.Add(line[(line.IndexOf(':') + 1)..].Split(' ')[0]);
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var data = new StringBuilder();
                        while (await reader.ReadLineAsync() is { } dataLine && dataLine != ".")
                        {
                            data.AppendLine(dataLine);
                        }

                        await writer.WriteLineAsync("250 OK queued");
                        Received.TrySetResult(new Envelope(from, recipients, data.ToString()));
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("250 OK");
                        break;
                }
            }
        }

        public void Dispose() => _listener.Stop();
    }
}
