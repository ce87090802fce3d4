using System.Diagnostics;
using System.Globalization;

namespace RenderVsChromium;

/// <summary>
/// CPU time spent, read from /proc: on a shared machine wall time depends on the neighbours' load, and a
/// multi-process browser gets more of a loaded machine than one thread does, so CPU time per render is the
/// steadier comparison. Linux only; zero elsewhere.
/// </summary>
internal static class Cpu
{
    // USER_HZ: /proc reports times in clock ticks, 100 a second on Linux.
    private const double MillisecondsPerTick = 10;

    /// <summary>This process (the renderer, or the Playwright client's side of the browser's work).</summary>
    public static double OwnMilliseconds()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime.TotalMilliseconds;
    }

    /// <summary>Every process started under this one: Playwright's driver and all of Chromium's processes.</summary>
    public static double DescendantsMilliseconds()
    {
        if (!Directory.Exists("/proc"))
        {
            return 0;
        }

        var stats = new Dictionary<int, (int Parent, long Ticks)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                stats[pid] = (parent, ticks);
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
        }

        var root = Environment.ProcessId;
        long total = 0;
        foreach (var (pid, (_, ticks)) in stats)
        {
            for (var p = stats[pid].Parent; p > 1 && stats.TryGetValue(p, out var up); p = up.Parent)
            {
                if (p == root)
                {
                    total += ticks;
                    break;
                }
            }
        }

        return total * MillisecondsPerTick;
    }
}
