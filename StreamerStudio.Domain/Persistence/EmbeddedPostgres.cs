using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace StreamerStudio.Domain.Persistence;

/// <summary>
/// A private PostgreSQL cluster in a folder of our own: the embedded default when no connection string is
/// given, and the throwaway server of the test run. Uses the machine's PostgreSQL binaries; as root it runs
/// the server as the unprivileged <c>postgres</c> user, because initdb refuses to run as root.
/// </summary>
public sealed class EmbeddedPostgres : IAsyncDisposable
{
    private const string SuperUser = "app";
    private readonly string _folder;
    private readonly string _binaries;
    private readonly bool _startedByUs;
    private readonly string? _password;
    private bool _stopped;

    public int Port { get; }

    private EmbeddedPostgres(string folder, string binaries, int port, bool startedByUs)
    {
        _folder = folder;
        _binaries = binaries;
        Port = port;
        _startedByUs = startedByUs;
        var passwordFile = Path.Combine(folder, "password");
        _password = File.Exists(passwordFile) ? File.ReadAllText(passwordFile).Trim() : null;
    }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Starts the cluster in <paramref name="folder"/>, creating it on first use; reuses one already running there.</summary>
    public static async Task<EmbeddedPostgres> StartAsync(string folder, params string[] serverSettings)
    {
        folder = Path.GetFullPath(folder);
        var binaries = FindBinaries();
        var data = Path.Combine(folder, "data");
        var socket = Path.Combine(folder, "sock");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(socket);
        GiveToServerUser(folder);

        if (!File.Exists(Path.Combine(data, "PG_VERSION")))
        {
            // A generated password (kept beside the cluster, readable only by its owner), so other accounts on
            // this machine cannot log in through 127.0.0.1.
            var passwordFile = Path.Combine(folder, "password");
            await File.WriteAllTextAsync(passwordFile, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)));
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(passwordFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            GiveToServerUser(folder);
            await RunAsync(binaries, "initdb",
                ["-D", data, "-A", "scram-sha-256", "--pwfile", passwordFile, "-U", SuperUser, "-E", "UTF8", "--no-locale"]);
        }

        if (RunningPort(binaries, data) is { } port)
        {
            return new EmbeddedPostgres(folder, binaries, port, startedByUs: false);
        }

        port = FreePort();
        var options = $"-p {port} -k {socket} -c listen_addresses=127.0.0.1 " +
                      string.Join(' ', serverSettings.Select(s => $"-c {s}"));
        await RunAsync(binaries, "pg_ctl", ["-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start"]);
        return new EmbeddedPostgres(folder, binaries, port, startedByUs: true);
    }

    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Password = _password,
        Database = database,
    }.ConnectionString;

    public async Task CreateDatabaseAsync(string database, string? template = null)
    {
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (await exists.ExecuteScalarAsync() is not null)
        {
            return;
        }

        var sql = $"CREATE DATABASE \"{database}\"" + (template is null ? "" : $" TEMPLATE \"{template}\"");
        await using var create = new NpgsqlCommand(sql, connection);
        await create.ExecuteNonQueryAsync();
    }

    public async Task StopAsync()
    {
        if (_startedByUs && !_stopped)
        {
            _stopped = true;
            await RunAsync(_binaries, "pg_ctl", ["-D", DataFolder, "-m", "fast", "-w", "stop"]);
        }
    }

    /// <summary>Stops whatever cluster runs in <paramref name="folder"/>, if any.</summary>
    public static async Task StopIfRunningAsync(string folder)
    {
        var data = Path.Combine(folder, "data");
        var binaries = FindBinaries();
        if (File.Exists(Path.Combine(data, "PG_VERSION")) && RunningPort(binaries, data) is not null)
        {
            await RunAsync(binaries, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private static int? RunningPort(string binaries, string data)
    {
        var status = Start(binaries, "pg_ctl", ["-D", data, "status"]);
        status.WaitForExit();
        if (status.ExitCode != 0)
        {
            return null;
        }

        // postmaster.pid: line 4 is the port the running server listens on.
        var lines = File.ReadAllLines(Path.Combine(data, "postmaster.pid"));
        return int.Parse(lines[3]);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindBinaries()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':')
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
                : []);
        return candidates.FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL is not installed: no initdb/pg_ctl on PATH or in /usr/lib/postgresql/*/bin. " +
                "Install it (apt-get install -y postgresql) or set ConnectionStrings__Default.");
    }

    [System.Runtime.Versioning.SupportedOSPlatformGuard("linux")]
    private static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    /// <summary>
    /// As root, hands the cluster folder to the postgres user and lets that user traverse the folders above it
    /// (a checkout under /root is otherwise unreachable). Only the execute bit is added: no listing, no reading.
    /// </summary>
    private static void GiveToServerUser(string folder)
    {
        if (!IsRoot)
        {
            return;
        }

        using var chown = Process.Start("chown", ["-R", "postgres:postgres", folder]);
        chown.WaitForExit();
        for (var parent = Directory.GetParent(folder); parent is not null; parent = parent.Parent)
        {
            var mode = File.GetUnixFileMode(parent.FullName);
            if (!mode.HasFlag(UnixFileMode.OtherExecute))
            {
                File.SetUnixFileMode(parent.FullName, mode | UnixFileMode.OtherExecute);
            }
        }
    }

    private static Process Start(string binaries, string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (IsRoot)
        {
            info.FileName = "runuser";
            foreach (var a in new[] { "-u", "postgres", "--", Path.Combine(binaries, tool) })
            {
                info.ArgumentList.Add(a);
            }
        }
        else
        {
            info.FileName = Path.Combine(binaries, tool);
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return Process.Start(info)!;
    }

    private static async Task RunAsync(string binaries, string tool, string[] arguments)
    {
        using var process = Start(binaries, tool, arguments);
        // pg_ctl start leaves the server holding our stdout; read only until pg_ctl itself exits.
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{tool} failed with exit code {process.ExitCode}: {await errors}{await output}");
        }
    }
}
