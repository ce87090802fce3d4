using System.Text.Json;

namespace StreamerStudio.Domain.Accounts.Mail;

/// <summary>Writes each email as a JSON file into a folder, where the Development outbox page lists it.</summary>
public sealed class OutboxMailer(string folder, TimeProvider clock) : IMailer
{
    public string Folder { get; } = folder;

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(Folder);
        var sent = new OutboxMail(Guid.NewGuid(), clock.GetUtcNow(), message.To, message.Subject, message.HtmlBody, message.Headers);
        // Sortable names so the newest is last; written to a temp name first so readers never see half a file.
        var name = $"{sent.SentAt:yyyyMMddHHmmssfffffff}-{sent.Id:N}.json";
        var temp = Path.Combine(Folder, name + ".tmp");
        await File.WriteAllBytesAsync(temp, JsonSerializer.SerializeToUtf8Bytes(sent), cancellationToken);
        File.Move(temp, Path.Combine(Folder, name));
    }

    public IReadOnlyList<OutboxMail> ReadNewestFirst(int max = 100)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }

        return Directory.GetFiles(Folder, "*.json")
            .OrderDescending()
            .Take(max)
            .Select(f => JsonSerializer.Deserialize<OutboxMail>(File.ReadAllBytes(f))!)
            .ToList();
    }
}

public sealed record OutboxMail(Guid Id, DateTimeOffset SentAt, string To, string Subject, string HtmlBody,
    IReadOnlyDictionary<string, string>? Headers = null);
