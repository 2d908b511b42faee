using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ElasticCI.Testing;

/// <summary>
/// A real PostgreSQL server (Debian <c>postgresql</c>, any installed major version) on a free loopback port, started
/// once per test collection with <c>initdb</c> + <c>pg_ctl</c> (no systemd here) and stopped at the end.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, so as root the server runs as the <c>postgres</c> user through <c>runuser</c>;
/// as any other user it runs as that user. Authentication is <c>trust</c> on 127.0.0.1 only. Each test takes a
/// database of its own from <see cref="CreateDatabaseAsync"/>, so tests in one collection never see each other's rows.
/// </remarks>
public sealed class PostgresServerFixture : IAsyncLifetime
{
    public const string User = "postgres";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private int _databases;

    public string Directory { get; } = CreateDirectory();

    public int Port { get; private set; }

    /// <summary>The server's binaries (initdb, pg_ctl), e.g. /usr/lib/postgresql/15/bin.</summary>
    public string BinDirectory { get; } = FindBinDirectory();

    private string DataDirectory => Path.Combine(Directory, "data");

    private string LogFile => Path.Combine(Directory, "server.log");

    public async Task InitializeAsync()
    {
        Port = FreePort();
        await RunAsync("initdb", "-D", DataDirectory, "-A", "trust", "-U", User, "--no-sync", "-E", "UTF8");
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "immediate", "-w", "stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped (a fault test stopped it) or never started: nothing to stop.
        }
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Creates an empty database and returns its name.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "eci_" + Interlocked.Increment(ref _databases).ToString(CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..8];
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    /// <summary>An Npgsql key/value connection string for <paramref name="database"/>.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={User};Database={database};Pooling=true";

    /// <summary>The same database as a URL, the form users give to <c>--store</c>.</summary>
    public string Url(string database) => $"postgres://{User}@127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{database}";

    /// <summary>Restarts the server (<c>pg_ctl restart</c>, fast mode): every open connection is cut.</summary>
    public async Task RestartAsync()
    {
        await RunAsync("pg_ctl", "-D", DataDirectory, "-m", "fast", "-w", "stop");
        await StartAsync();
        // The fixture's own pooled connections (CreateDatabaseAsync) died with the server; the code under test keeps its
        // pools, so it meets the cut connections itself.
        NpgsqlConnection.ClearPool(new NpgsqlConnection(ConnectionString("postgres")));
    }

    private Task StartAsync() => RunAsync(
        "pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "60",
        "-o", $"-p {Port.ToString(CultureInfo.InvariantCulture)} -k {Directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300",
        "start");

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(BinDirectory, tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", User, "--", Path.Combine(BinDirectory, tool) })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {tool}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(CommandTimeout);
        if (process.ExitCode != 0)
        {
            var log = File.Exists(LogFile) ? await File.ReadAllTextAsync(LogFile) : "";
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}\n{log}");
        }
    }

    private static string CreateDirectory()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("elasticci-pg-").FullName;
        if (Environment.UserName == "root")
        {
            // The postgres user must own the data directory's parent to create it, and reach the socket directory.
            using var chown = Process.Start("chown", ["postgres:postgres", directory]) ?? throw new InvalidOperationException("could not start chown");
            chown.WaitForExit();
            File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return directory;
    }

    private static string FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        var candidates = System.IO.Directory.Exists(root)
            ? System.IO.Directory.GetDirectories(root)
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "pg_ctl")))
                .OrderByDescending(bin => bin, StringComparer.Ordinal)
                .ToList()
            : [];
        return candidates.FirstOrDefault()
            ?? throw new InvalidOperationException("PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/pg_ctl); test.sh installs Debian's postgresql.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
