using System.Diagnostics.Metrics;
using StreamerStudio.Domain.Generation;

namespace StreamerStudio.Domain.Observability;

/// <summary>
/// How many render jobs wait and how many are being rendered, read from the database so every worker process and
/// the web app agree. Collections (the exporter's, the admin overview's) come often; the count is kept a few
/// seconds, so however many read it the database answers at most once per <see cref="FreshFor"/>.
/// </summary>
internal sealed class QueueDepthProbe(IDbContextFactory<StudioDbContext> dbFactory, TimeProvider clock)
{
    public static readonly TimeSpan FreshFor = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private (long Queued, long Processing)? _last;
    private DateTimeOffset _readAt = DateTimeOffset.MinValue;

    public IEnumerable<Measurement<long>> Observe()
    {
        if (Read() is not { } depth)
        {
            return [];
        }

        return
        [
            new(depth.Queued, new KeyValuePair<string, object?>("status", "queued")),
            new(depth.Processing, new KeyValuePair<string, object?>("status", "processing")),
        ];
    }

    private (long Queued, long Processing)? Read()
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            if (_last is not null && now - _readAt < FreshFor)
            {
                return _last;
            }

            try
            {
                // Called synchronously by the meter's collection; the partial index on status keeps this a small scan.
                using var db = dbFactory.CreateDbContext();
                var counts = db.GenerationJobs
                    .Where(j => j.OutputKey != null && (j.Status == JobStatus.Queued || j.Status == JobStatus.Processing))
                    .GroupBy(j => j.Status)
                    .Select(g => new { g.Key, Count = g.LongCount() })
                    .ToList();
                _last = (counts.SingleOrDefault(c => c.Key == JobStatus.Queued)?.Count ?? 0,
                    counts.SingleOrDefault(c => c.Key == JobStatus.Processing)?.Count ?? 0);
                _readAt = now;
            }
            catch (Exception e) when (e is InvalidOperationException or Npgsql.NpgsqlException or TimeoutException)
            {
                // No figure is better than a made-up one: the gauge skips this collection and the last one stands.
            }

            return _last;
        }
    }
}
