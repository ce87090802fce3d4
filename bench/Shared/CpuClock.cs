using System.Runtime.InteropServices;

/// <summary>
/// CPU time from Linux's clock_gettime, in milliseconds (/proc's ticks are 10 ms): the machines are shared, and CPU
/// time says what a step cost where wall time also says what else ran. Shared by the bench projects (linked source).
/// </summary>
internal static partial class CpuClock
{
    /// <summary>This process's CPU time, all threads (libvips encodes on a thread of its own).</summary>
    public static double ProcessMs() => Read(2);

    /// <summary>The calling thread's CPU time: meaningful for work that starts and ends on one thread without awaiting.</summary>
    public static double ThreadMs() => Read(3);

    private static double Read(int clock)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        ClockGetTime(clock, out var now);
        return now.Seconds * 1000.0 + now.Nanoseconds / 1e6;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
