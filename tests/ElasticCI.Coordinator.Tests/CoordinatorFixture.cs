using System.Diagnostics;
using ElasticCI.Client;
using ElasticCI.Compute.Local;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Builds;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Tests;

/// <summary>A real coordinator on a loopback port with a real SQLite file, and real agent processes on demand.</summary>
public sealed class CoordinatorFixture : IAsyncDisposable
{
    private readonly List<Process> _agents = [];
    private readonly string _marker = "test-" + Guid.NewGuid().ToString("N")[..12];
    private WebApplication? _app;

    public string DataDirectory { get; } = Directory.CreateTempSubdirectory("elastic-ci-coordinator-").FullName;

    public string Url { get; private set; } = "";

    internal TokenFiles Tokens { get; private set; } = null!;

    public CoordinatorClient Client { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The running coordinator's services (its endpoints, stores).</summary>
    internal IServiceProvider Services => _app!.Services;

    /// <summary>Extra environment for agent processes started after it is set.</summary>
    public Dictionary<string, string> AgentEnvironment { get; } = [];

    public static Task<CoordinatorFixture> StartAsync() => StartAsync(null);

    /// <summary>Like <see cref="StartAsync()"/>, with <paramref name="configure"/> changing the options first (e.g. stacks).</summary>
    internal static Task<CoordinatorFixture> StartAsync(Action<CoordinatorOptions>? configure) => StartAsync(configure, null);

    /// <summary>
    /// A second coordinator host on <paramref name="first"/>'s SQLite file (a symbolic link in its own data directory) and
    /// tokens: a stand-in for a replica until the shared PostgreSQL store exists. Everything else of its data directory
    /// (artifacts on local disk, secrets) is its own.
    /// </summary>
    internal static Task<CoordinatorFixture> StartSharingAsync(CoordinatorFixture first, Action<CoordinatorOptions>? configure)
        => StartAsync(configure, directory =>
        {
            File.CreateSymbolicLink(Path.Combine(directory, CoordinatorHost.DatabaseFile), Path.Combine(first.DataDirectory, CoordinatorHost.DatabaseFile));
            File.Copy(first.Tokens.ApiTokenPath, Path.Combine(directory, Path.GetFileName(first.Tokens.ApiTokenPath)));
            File.Copy(first.Tokens.AgentTokenPath, Path.Combine(directory, Path.GetFileName(first.Tokens.AgentTokenPath)));
        });

    private static async Task<CoordinatorFixture> StartAsync(Action<CoordinatorOptions>? configure, Action<string>? prepare)
    {
        var fixture = new CoordinatorFixture();
        prepare?.Invoke(fixture.DataDirectory);
        var options = new CoordinatorOptions
        {
            DataDirectory = fixture.DataDirectory,
            Listen = "127.0.0.1:0",
            HeartbeatInterval = TimeSpan.FromMilliseconds(500),
            AgentLostAfter = TimeSpan.FromSeconds(2),
            JobPollTimeout = TimeSpan.FromSeconds(5),
        };
        configure?.Invoke(options);
        fixture._app = await CoordinatorHost.BuildAsync(options, logging => logging.SetMinimumLevel(LogLevel.Warning), CancellationToken.None);
        await fixture._app.StartAsync();
        fixture.Url = await fixture._app.Services.GetRequiredService<CoordinatorAddress>().Url;
        fixture.Tokens = fixture._app.Services.GetRequiredService<TokenFiles>();
        fixture.Http = new HttpClient { BaseAddress = new Uri(fixture.Url + "/"), Timeout = TimeSpan.FromSeconds(30) };
        fixture.Client = new CoordinatorClient(fixture.Http, fixture.Tokens.ApiToken);
        return fixture;
    }

    /// <summary>Starts `elastic-ci agent start` as a real process against this coordinator.</summary>
    /// <param name="server">The <c>--server</c> value; default this coordinator's URL.</param>
    public Process StartAgent(string name, int spawn = 1, string queue = "default", IReadOnlyList<string>? extraArgs = null, IReadOnlyDictionary<string, string>? environment = null,
        string? server = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "elastic-ci.dll");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] args = [dll, "agent", "start", "--server", server ?? Url, "--name", name, "--spawn", spawn.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queue", queue, "--build-path", Path.Combine(DataDirectory, "builds"), "--cancel-grace-period", "2"];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var arg in extraArgs ?? [])
        {
            start.ArgumentList.Add(arg);
        }
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }
        start.Environment["ELASTIC_CI_AGENT_TOKEN"] = Tokens.AgentToken;
        foreach (var (variable, value) in AgentEnvironment)
        {
            start.Environment[variable] = value;
        }
        // The marker lets the fixture sweep up every process the agent and its jobs started.
        start.Environment[ProcessSweeper.MarkerVariable] = _marker;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _agents.Add(process);
        return process;
    }

    /// <summary>Runs the <c>elastic-ci</c> command line in-process against this coordinator.</summary>
    public async Task<(int Exit, string Output, string Error)> RunCliAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        string[] connection = args.Length >= 2 ? ["--server", Url, "--token", Tokens.ApiToken] : [];
        var exit = await ElasticCI.Cli.CliApp.RunAsync([.. args, .. connection], output, error);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Creates a build from <paramref name="yaml"/>. Most tests write <c>$VAR</c> for the job's shell to expand, so the
    /// document is not interpolated unless <paramref name="interpolate"/> (issue 13: builds interpolate by default, as
    /// <c>pipeline upload</c> does; the compatibility tests cover that).
    /// </summary>
    public async Task<BuildDto> CreateBuildAsync(string yaml, string pipeline = "test", bool interpolate = false)
        => await Client.CreateBuildAsync(new CreateBuildRequest(pipeline, yaml) { NoInterpolation = !interpolate }, CancellationToken.None);

    /// <summary>Waits until the build has passed or failed (the end state of most tests' builds).</summary>
    public Task<BuildDto> WaitForPassedOrFailedAsync(string buildId) => WaitForAsync(buildId, b => b.State is "passed" or "failed");

    /// <summary>Polls the build until <paramref name="done"/> holds; fails after <paramref name="timeout"/>.</summary>
    public Task<BuildDto> WaitForAsync(string buildId, Func<BuildDto, bool> done, TimeSpan? timeout = null) => BuildRuns.WaitForAsync(Client, buildId, done, timeout);

    /// <summary>Stops the coordinator (agents keep running and find it unreachable).</summary>
    public async Task StopCoordinatorAsync() => await _app!.StopAsync();

    /// <summary>Reads one value from the coordinator's SQLite file.</summary>
    public async Task<object?> QueryStoreAsync(string sql)
    {
        var connection = $"Data Source={Path.Combine(DataDirectory, CoordinatorHost.DatabaseFile)};Mode=ReadOnly;Pooling=False";
        await using var db = new Microsoft.Data.Sqlite.SqliteConnection(connection);
        await db.OpenAsync();
        await using var query = db.CreateCommand();
        query.CommandText = sql;
        return await query.ExecuteScalarAsync();
    }

    /// <summary>Waits until <paramref name="count"/> agents are registered and idle (read from the store's SQLite file).</summary>
    public async Task WaitForIdleAgentsAsync(int count)
    {
        var deadline = Stopwatch.StartNew();
        var connection = $"Data Source={Path.Combine(DataDirectory, CoordinatorHost.DatabaseFile)};Mode=ReadOnly;Pooling=False";
        while (true)
        {
            await using (var db = new Microsoft.Data.Sqlite.SqliteConnection(connection))
            {
                await db.OpenAsync();
                await using var query = db.CreateCommand();
                query.CommandText = "SELECT COUNT(*) FROM agents WHERE state = 'idle'";
                if ((long)(await query.ExecuteScalarAsync())! >= count)
                {
                    return;
                }
            }
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"Fewer than {count} agents became idle");
            }
            await Task.Delay(100);
        }
    }

    public Task<string> LogAsync(string jobId) => BuildRuns.LogAsync(Client, jobId);

    public async ValueTask DisposeAsync()
    {
        foreach (var agent in _agents.Where(a => !a.HasExited))
        {
            agent.Kill(entireProcessTree: true);
        }
        ProcessSweeper.KillMarked(_marker);
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        Http?.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // A job's file may still be closing; the temp directory is cleaned by the OS eventually.
        }
    }
}
