using ElasticCI.Agent.Api;
using ElasticCI.Agent.Interop;
using ElasticCI.Agent.Workers;
using ElasticCI.Client;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent;

/// <summary>Runs <see cref="AgentOptions.Spawn"/> agents in this process until they are told, or signalled, to stop.</summary>
internal sealed partial class AgentHost
{
    /// <summary>Exit code when the options are invalid.</summary>
    public const int ExitInvalidOptions = 2;

    private readonly ILoggerFactory _loggerFactory;
    private readonly TimeProvider _timeProvider;
    private readonly Func<AgentOptions, IAgentApi> _apiFactory;
    private readonly AgentResilience _resilience;
    private readonly ILogger _logger;

    /// <summary>Production constructor. <paramref name="httpClient"/> gets <see cref="AgentOptions.ServerUrl"/> as its base address unless it has one,
    /// and its timeout must exceed the coordinator's job-poll timeout.</summary>
    public AgentHost(ILoggerFactory loggerFactory, TimeProvider timeProvider, HttpClient httpClient)
        : this(loggerFactory, timeProvider, options => CreateClientApi(httpClient, options), new AgentResilience(timeProvider, TimeSpan.FromMilliseconds(500)))
    {
    }

    /// <summary>Test constructor: <paramref name="apiFactory"/> makes one API per worker.</summary>
    internal AgentHost(ILoggerFactory loggerFactory, TimeProvider timeProvider, Func<AgentOptions, IAgentApi> apiFactory, AgentResilience resilience)
    {
        _loggerFactory = loggerFactory;
        _timeProvider = timeProvider;
        _apiFactory = apiFactory;
        _resilience = resilience;
        _logger = loggerFactory.CreateLogger<AgentHost>();
    }

    /// <summary>Where jobs read the process environment from; tests swap it.</summary>
    internal Func<System.Collections.IDictionary> InheritedEnvironment { get; init; } = Environment.GetEnvironmentVariables;

    /// <summary>Runs the workers. 0 when all exited cleanly; non-zero when options were invalid or a worker could not register or was lost.</summary>
    /// <param name="gracefulStop">First SIGTERM/SIGINT: finish running jobs, take no more, disconnect.</param>
    /// <param name="hardStop">Second signal: cancel running jobs (<c>agent_stop</c>), report them, disconnect.</param>
    public async Task<int> RunAsync(AgentOptions options, CancellationToken gracefulStop, CancellationToken hardStop)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new AgentOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            foreach (var failure in validation.Failures ?? [])
            {
                Log.InvalidOptions(_logger, failure);
            }
            return ExitInvalidOptions;
        }

        using var hard = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        using var watcherStop = new CancellationTokenSource();
        var watching = options.ParentPid is { } parentPid
            ? WatchParentAsync(parentPid, hard, watcherStop.Token)
            : Task.CompletedTask;

        var statuses = Enumerable.Range(1, options.Spawn)
            .Select(i => new Health.WorkerStatus(AgentNames.ForWorker(options, i, Environment.MachineName, Environment.ProcessId)))
            .ToList();
        Health.HealthCheckServer? health = null;
        if (options.HealthCheckHost is { } healthHost)
        {
            try
            {
                health = Health.HealthCheckServer.Start(healthHost, options.HealthCheckPort, statuses,
                    () => gracefulStop.IsCancellationRequested || hard.IsCancellationRequested, _timeProvider, _logger);
            }
            catch (System.Net.HttpListenerException ex)
            {
                Log.HealthCheckFailed(_logger, healthHost, options.HealthCheckPort, ex.Message);
                await watcherStop.CancelAsync();
                await watching;
                return ExitInvalidOptions;
            }
        }

        using var diskHealth = new Jobs.DiskSpace.AgentHealth();
        var workers = new Task<int>[options.Spawn];
        for (var i = 0; i < options.Spawn; i++)
        {
            var worker = new AgentWorker(_apiFactory(options), options, statuses[i].Name, _resilience, _timeProvider, _loggerFactory)
            {
                InheritedEnvironment = InheritedEnvironment,
                Status = statuses[i],
                DiskHealth = diskHealth,
            };
            workers[i] = worker.RunAsync(gracefulStop, hard.Token);
        }
        var all = Task.WhenAll(workers);
        if (await Task.WhenAny(all, watching) == watching && !all.IsCompleted && hard.IsCancellationRequested && options.ParentPid is { } gone)
        {
            // The coordinator is gone: jobs were canceled (SIGTERM to their process groups); their reports cannot reach
            // anyone, so waiting out the workers' retries (minutes) would only keep this process and its jobs around.
            await Task.WhenAny(all, Task.Delay(ParentGoneGrace, _timeProvider));
            if (!all.IsCompleted)
            {
                Log.ExitingWithoutParent(_logger, gone, ParentGoneGrace);
                return ExitParentGone;
            }
        }
        var codes = await all;
        if (health is not null)
        {
            await health.DisposeAsync();
        }

        await watcherStop.CancelAsync();
        await watching;
        var exitCode = codes.Max();
        Log.Exiting(_logger, options.Spawn, exitCode);
        return exitCode;
    }

    /// <summary>How long workers may take to wind down once the parent process is gone; with the 1 s poll, under the 10 s the README promises.</summary>
    internal static readonly TimeSpan ParentGoneGrace = TimeSpan.FromSeconds(7);

    /// <summary>Exit code when the agent left without waiting for its workers because its parent process died.</summary>
    internal const int ExitParentGone = Protocol.Agents.AgentExitCodes.Lost;

    private async Task WatchParentAsync(int parentPid, CancellationTokenSource hard, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            if (!Signals.IsAlive(parentPid))
            {
                Log.ParentGone(_logger, parentPid);
                await hard.CancelAsync();
                return;
            }
            await Task.Delay(TimeSpan.FromSeconds(1), _timeProvider, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// The agent's HTTP client for <paramref name="urls"/>: with several, every call fails over round robin
    /// (<see cref="CoordinatorFailoverHandler"/>) and each move is logged. The timeout outlasts the coordinator's long-poll.
    /// </summary>
    public static HttpClient CreateHttpClient(IReadOnlyList<Uri> urls, ILoggerFactory loggerFactory)
    {
        var logger = loggerFactory.CreateLogger<CoordinatorFailoverHandler>();
        return CoordinatorFailoverHandler.CreateClient(urls, TimeSpan.FromSeconds(90),
            (from, to, reason) => Log.FailingOver(logger, from, to, reason));
    }

    private static ClientAgentApi CreateClientApi(HttpClient httpClient, AgentOptions options)
    {
        if (httpClient.BaseAddress is null)
        {
            var url = options.ServerUrls[0].AbsoluteUri;
            httpClient.BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/", UriKind.Absolute);
        }
        return new ClientAgentApi(new AgentApiClient(httpClient));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.AgentHostInvalidOptions, Level = LogLevel.Error, Message = "Invalid agent options: {Failure}")]
        public static partial void InvalidOptions(ILogger logger, string failure);

        [LoggerMessage(EventId = AgentEventIds.AgentHostParentGone, Level = LogLevel.Warning, Message = "Parent process {ParentPid} is gone; canceling jobs and exiting")]
        public static partial void ParentGone(ILogger logger, int parentPid);

        [LoggerMessage(EventId = AgentEventIds.AgentHostExitingWithoutParent, Level = LogLevel.Warning, Message = "Parent process {ParentPid} is gone and the workers did not stop within {Grace}; exiting without them")]
        public static partial void ExitingWithoutParent(ILogger logger, int parentPid, TimeSpan grace);

        [LoggerMessage(EventId = AgentEventIds.AgentHostHealthCheckFailed, Level = LogLevel.Error, Message = "Cannot serve the health check on {Host}:{Port}: {Reason}")]
        public static partial void HealthCheckFailed(ILogger logger, string host, int port, string reason);

        [LoggerMessage(EventId = AgentEventIds.FailingOver, Level = LogLevel.Warning, Message = "Coordinator {From} stopped answering ({Reason}); moving to {To}")]
        public static partial void FailingOver(ILogger logger, Uri from, Uri to, string reason);

        [LoggerMessage(EventId = AgentEventIds.AgentHostExiting, Level = LogLevel.Information, Message = "All {Count} agent worker(s) stopped; exit code {ExitCode}")]
        public static partial void Exiting(ILogger logger, int count, int exitCode);
    }
}
