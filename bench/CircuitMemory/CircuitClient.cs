using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace CircuitMemory;

/// <summary>
/// One browser tab as far as the server can tell, without a browser: it loads the prerendered page, opens the circuit
/// the way blazor.web.js does (the "blazorpack" hub, StartCircuit, then UpdateRootComponents with the page's
/// &lt;!--Blazor:…--&gt; markers), acknowledges every render batch so the server keeps rendering, and answers every
/// JavaScript call with "done, no value". It does not apply the render batches to a DOM; it counts them.
/// </summary>
public sealed partial class CircuitClient(Uri pageUri, HttpClient http, string? cookie) : IAsyncDisposable
{
    private readonly TaskCompletionSource _firstRender = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private HubConnection? _hub;
    private long _renderBatches;
    private long _renderBytes;
    private long _jsCalls;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> CalledFunctions = new();

    public long RenderBatches => Interlocked.Read(ref _renderBatches);
    public long RenderBytes => Interlocked.Read(ref _renderBytes);
    public long JsCalls => Interlocked.Read(ref _jsCalls);
    public string? Error { get; private set; }

    public async Task OpenAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pageUri);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var html = await response.Content.ReadAsStringAsync(cancellationToken);
        if (Environment.GetEnvironmentVariable("CIRCUIT_MEMORY_DUMPS") is not null && CalledFunctions.TryAdd("title " + pageUri, 0))
        {
            var title = html.IndexOf("<title>", StringComparison.Ordinal) is var at and >= 0 ? html[at..html.IndexOf("</title>", at, StringComparison.Ordinal)] : "(none)";
            Console.Error.WriteLine($"Prerendered {pageUri}: {title}");
        }

        var markers = Marker().Matches(html).Select(m => m.Groups[1].Value).Where(m => m.Contains("\"descriptor\"", StringComparison.Ordinal)).ToList();
        if (markers.Count == 0)
        {
            throw new InvalidOperationException($"{pageUri} has no interactive component (signed out? redirected?).");
        }

        var state = State().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder().WithUrl(new Uri(pageUri, "/_blazor"), o =>
        {
            o.Transports = HttpTransportType.WebSockets;
            o.SkipNegotiation = true;
            if (cookie is not null)
            {
                o.Headers["Cookie"] = cookie;
            }
        });
        builder.Services.AddSingleton<IHubProtocol, BlazorPack>();
        _hub = builder.Build();
        // A loaded 2-core machine can be slow to ping; a missed ping must not end a circuit the bench is holding.
        _hub.ServerTimeout = TimeSpan.FromMinutes(10);
        // The server drops a client it has not heard from in 30 s; pinging every 5 s rather than 15 keeps a starved
        // client process (a thousand connections on a loaded machine) inside that.
        _hub.KeepAliveInterval = TimeSpan.FromSeconds(5);
        _hub.On("JS.RenderBatch", [typeof(long), typeof(byte[])], async args =>
        {
            Interlocked.Increment(ref _renderBatches);
            Interlocked.Add(ref _renderBytes, ((byte[])args[1]!).Length);
            await _hub.SendAsync("OnRenderCompleted", (long)args[0]!, null);
            _firstRender.TrySetResult();
        });
        // (asyncHandle, identifier, argsJson, resultType, targetInstanceId, callType) in .NET 10.
        _hub.On("JS.BeginInvokeJS", [typeof(long), typeof(string), typeof(string), typeof(int), typeof(long), typeof(int)], async args =>
        {
            Interlocked.Increment(ref _jsCalls);
            // With CIRCUIT_MEMORY_DUMPS (a profiling run), name each JS function the server calls, once.
            if (Environment.GetEnvironmentVariable("CIRCUIT_MEMORY_DUMPS") is not null && CalledFunctions.TryAdd((string)args[1]!, 0))
            {
                Console.Error.WriteLine($"JS call: {args[1]}({((string?)args[2])?[..Math.Min(120, ((string?)args[2])?.Length ?? 0)]})");
            }

            var handle = (long)args[0]!;
            if (handle != 0)
            {
                await _hub.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
            }
        });
        _hub.On("JS.AttachComponent", [typeof(int), typeof(string)], _ => Task.CompletedTask);
        _hub.On("JS.EndUpdateRootComponents", [typeof(long)], _ => Task.CompletedTask);
        _hub.On("JS.EndLocationChanging", [typeof(int), typeof(bool)], _ => Task.CompletedTask);
        _hub.On("JS.Error", [typeof(string)], args =>
        {
            Error ??= "JS.Error: " + args[0];
            _firstRender.TrySetResult();
            return Task.CompletedTask;
        });
        _hub.Closed += e =>
        {
            if (e is not null)
            {
                Error ??= "closed: " + e.Message;
            }

            return Task.CompletedTask;
        };

        await _hub.StartAsync(cancellationToken);
        var baseUri = new Uri(pageUri, "/").ToString();
        var circuitId = await _hub.InvokeAsync<string?>("StartCircuit", baseUri, pageUri.ToString(), "[]", "", cancellationToken);
        if (string.IsNullOrEmpty(circuitId))
        {
            throw new InvalidOperationException("The server refused StartCircuit.");
        }

        var operations = markers.Select((marker, i) => new { type = "add", ssrComponentId = i + 1, marker = JsonDocument.Parse(marker).RootElement });
        await _hub.SendAsync("UpdateRootComponents", JsonSerializer.Serialize(new { batchId = 1, operations }), state, cancellationToken);
        await _firstRender.Task.WaitAsync(cancellationToken);
        if (Error is not null)
        {
            throw new InvalidOperationException(Error);
        }
    }

    /// <summary>Closes the connection as a tab does when it goes away without saying goodbye: the server keeps the
    /// circuit for the retention period, in case the tab comes back.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Marker();

    [GeneratedRegex("<!--Blazor-Server-Component-State:(.*?)-->", RegexOptions.Singleline)]
    private static partial Regex State();

    /// <summary>MessagePack under the name Blazor's hub insists on.</summary>
    private sealed class BlazorPack : IHubProtocol
    {
        private readonly MessagePackHubProtocol _messagePack = new();

        public string Name => "blazorpack";
        public int Version => _messagePack.Version;
        public TransferFormat TransferFormat => TransferFormat.Binary;
        public bool IsVersionSupported(int version) => _messagePack.IsVersionSupported(version);
        public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
            _messagePack.TryParseMessage(ref input, binder, out message);
        public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _messagePack.WriteMessage(message, output);
        public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _messagePack.GetMessageBytes(message);
    }
}
