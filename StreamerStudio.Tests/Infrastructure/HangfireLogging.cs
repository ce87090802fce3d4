using Hangfire.Logging;

namespace StreamerStudio.Tests.Infrastructure;

/// <summary>
/// Hangfire logs through one process-wide provider, which each test app points at its own logger factory;
/// once that app is disposed, Hangfire objects created outside any app would log into a disposed factory.
/// Tests that build Hangfire objects themselves switch its logging off first.
/// </summary>
public static class HangfireLogging
{
    public static void Silence() => LogProvider.SetCurrentLogProvider(new Silent());

    private sealed class Silent : ILogProvider
    {
        public ILog GetLogger(string name) => new SilentLog();
    }

    private sealed class SilentLog : ILog
    {
        public bool Log(LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
