using System.Diagnostics;
using Microsoft.Playwright;

namespace LivePathBench;

/// <summary>
/// The bench's own clock in milliseconds since the Unix epoch: one wall-clock reading at start, then the monotonic
/// stopwatch, so NTP slewing during a run cannot bend a difference.
/// </summary>
internal static class HostClock
{
    private static readonly long Anchor = Stopwatch.GetTimestamp();
    private static readonly double AnchorEpochMs = (DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds;

    public static double Now() => AnchorEpochMs + Stopwatch.GetElapsedTime(Anchor).TotalMilliseconds;
}

/// <summary>
/// How a page's clock (<c>performance.timeOrigin + performance.now()</c>) maps onto <see cref="HostClock"/>. Both
/// start from the same machine's wall clock, but Chromium fixes timeOrigin at navigation and counts monotonically
/// from there, so the offset is measured rather than assumed: the page is read between two host readings, and the
/// tightest of several round trips bounds the error by half its length.
/// </summary>
internal sealed record PageClock(double OffsetMs, double ErrorMs)
{
    public double ToHost(double pageMs) => pageMs - OffsetMs;

    public static async Task<PageClock> CalibrateAsync(IPage page)
    {
        var best = (Offset: 0.0, Rtt: double.MaxValue);
        for (var i = 0; i < 15; i++)
        {
            var before = HostClock.Now();
            var pageNow = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = HostClock.Now();
            if (after - before < best.Rtt)
            {
                best = (pageNow - (before + after) / 2, after - before);
            }
        }

        return new PageClock(best.Offset, best.Rtt / 2);
    }
}
