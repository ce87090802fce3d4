using System.Diagnostics;

namespace CircuitMemory;

/// <summary>
/// The circuits live in a process of their own, so that their client-side objects never count in the server heap
/// being measured. It takes one command a line on stdin and answers one line on stdout:
/// <c>open URL COUNT COOKIES-FILE|-</c>, <c>stats</c>, <c>close</c>.
/// </summary>
public static class ClientProcess
{
    public static async Task RunAsync()
    {
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 64 });
        var open = new List<CircuitClient>();
        while (await Console.In.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (words[0])
            {
                case "open":
                    var uri = new Uri(words[1]);
                    var count = int.Parse(words[2], System.Globalization.CultureInfo.InvariantCulture);
                    var cookies = words[3] == "-" ? [] : await File.ReadAllLinesAsync(words[3]);
                    var errors = 0;
                    string? firstError = null;
                    var clock = Stopwatch.StartNew();
                    var opened = new CircuitClient[count];
                    await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
                    {
                        var client = new CircuitClient(uri, http, cookies.Length == 0 ? null : cookies[i % cookies.Length]);
                        opened[i] = client;
                        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
                        try
                        {
                            await client.OpenAsync(limit.Token);
                        }
                        catch (Exception e) when (e is not OutOfMemoryException)
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError, e.Message.ReplaceLineEndings(" "), null);
                        }
                    });
                    open.AddRange(opened);
                    Console.WriteLine($"opened {count - errors} errors={errors} seconds={clock.Elapsed.TotalSeconds:0.0} first-error={firstError ?? "none"}");
                    break;
                case "stats":
                    Console.WriteLine($"stats batches={open.Sum(c => c.RenderBatches)} bytes={open.Sum(c => c.RenderBytes)} js={open.Sum(c => c.JsCalls)} errors={open.Count(c => c.Error is not null)} first-error={open.Select(c => c.Error).FirstOrDefault(e => e is not null) ?? "none"}");
                    break;
                case "close":
                    await Parallel.ForEachAsync(open, new ParallelOptions { MaxDegreeOfParallelism = 16 }, (c, _) => c.DisposeAsync());
                    open.Clear();
                    Console.WriteLine("closed");
                    break;
                default:
                    Console.WriteLine($"unknown command {words[0]}");
                    break;
            }
        }
    }
}
