using System.Diagnostics;
using System.Text;
using Hangfire;
using Microsoft.Extensions.Configuration;
using StreamerStudio.Domain.Generation;
using Microsoft.Extensions.Hosting;
using StreamerStudio.Domain.Generation.Rendering;
using StreamerStudio.Web;

namespace StreamerStudio.Tests.Generation;

/// <summary>
/// The test assembly's entry point, which the test runner does not use: started as
/// <c>dotnet StreamerStudio.Tests.dll worker|crashing-worker [configuration]</c> it runs the worker host
/// (<see cref="WorkerHost"/>) in a process of its own, for tests that need a worker to really die.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    public const string Normal = "worker";

    /// <summary>A worker whose renderer kills its own process in the middle of every render.</summary>
    public const string Crashing = "crashing-worker";

    /// <summary>A worker whose renderer never finishes, for a test to kill it mid-render.</summary>
    public const string Stalling = "stalling-worker";

    /// <summary>
    /// Not a worker: submits a thumbnail for the user in <c>Test:SubmitFor</c> and dies the moment the committed
    /// jobs are handed to Hangfire, the worst point of a submission to lose a process.
    /// </summary>
    public const string SubmittingThenCrashing = "submit-then-crash";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public static async Task<int> Main(string[] args)
    {
        var builder = await WorkerHost.CreateBuilderAsync(args[1..]);
        switch (args[0])
        {
            case Crashing:
                builder.Services.AddSingleton<IAssetRenderer, SelfKillingRenderer>();
                break;
            case Stalling:
                builder.Services.AddSingleton<IAssetRenderer, StallingRenderer>();
                break;
            case SubmittingThenCrashing:
                builder.Services.AddSingleton<IBackgroundJobClient, SelfKillingJobClient>();
                using (var submitter = builder.Build())
                await using (var scope = submitter.Services.CreateAsyncScope())
                {
                    var userId = Guid.Parse(submitter.Services.GetRequiredService<IConfiguration>()["Test:SubmitFor"]!);
                    await scope.ServiceProvider.GetRequiredService<GenerationService>()
                        .SubmitAsync(userId, new GenerationRequest { AssetTypes = [AssetType.Thumbnail], Headline = "Lost at the enqueue?" });
                }

                return 1;
        }

        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }

    private WorkerProcess(string mode, StudioAppFixture app, IEnumerable<string> configuration)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])
                 [
                     typeof(WorkerProcess).Assembly.Location, mode,
                     "--environment=Development",
                     $"--ConnectionStrings:Default={app.ConnectionString}",
                     $"--DataFolder={app.DataFolder}",
                     "--Logging:LogLevel:Default=Warning",
                     .. configuration,
                 ])
        {
            start.ArgumentList.Add(argument);
        }

        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>Starts a worker process against the app's database and data folder.</summary>
    public static WorkerProcess Start(string mode, StudioAppFixture app, params IEnumerable<string> configuration) => new(mode, app, configuration);

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>As the kernel's out-of-memory killer would: no chance to record anything.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async Task WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"The worker process did not exit within {timeout}. It wrote:\n{Output}");
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    /// <summary>Takes its process down mid-render, as the kernel's out-of-memory killer or a native crash would.</summary>
    private sealed class SelfKillingRenderer : IAssetRenderer
    {
        public RenderedAsset Render(RenderRequest request)
        {
            Process.GetCurrentProcess().Kill();
            throw new UnreachableException();
        }
    }

    private sealed class StallingRenderer : IAssetRenderer
    {
        public RenderedAsset Render(RenderRequest request)
        {
            Thread.Sleep(Timeout.Infinite);
            throw new UnreachableException();
        }
    }

    /// <summary>Takes its process down when asked to enqueue: after the submission's commit, before Hangfire has it.</summary>
    private sealed class SelfKillingJobClient : IBackgroundJobClient
    {
        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            Process.GetCurrentProcess().Kill();
            throw new UnreachableException();
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => throw new UnreachableException();
    }
}
