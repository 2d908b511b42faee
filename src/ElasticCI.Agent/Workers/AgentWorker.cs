using System.Net;
using System.Text.RegularExpressions;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Jobs;
using ElasticCI.Agent.Jobs.DiskSpace;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Workers;

/// <summary>One registered agent: heartbeat loop plus job loop, one job at a time.</summary>
internal sealed partial class AgentWorker(
    IAgentApi api,
    AgentOptions options,
    string name,
    AgentResilience resilience,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    public const int ExitOk = AgentExitCodes.Ok;
    public const int ExitRegistrationFailed = AgentExitCodes.RegistrationFailed;
    public const int ExitLost = AgentExitCodes.Lost;
    public const int ExitUnhealthy = AgentExitCodes.Unhealthy;

    private readonly ILogger _logger = loggerFactory.CreateLogger<AgentWorker>();
    private volatile RunningJob? _running;
    private volatile bool _lost;

    /// <summary>Where the process environment is read from for jobs; tests swap it.</summary>
    internal Func<System.Collections.IDictionary> InheritedEnvironment { get; init; } = Environment.GetEnvironmentVariables;

    /// <summary>What this worker is doing, for the health-check endpoint.</summary>
    internal Health.WorkerStatus Status { get; init; } = new(name);

    /// <summary>Measures the build path's filesystem before each job; tests swap it.</summary>
    internal IDiskSpaceProbe DiskProbe { get; init; } = new StatvfsProbe();

    /// <summary>Shared by the workers of the process: once unhealthy, this worker takes no more work.</summary>
    internal AgentHealth DiskHealth { get; init; } = new();

    /// <summary>Registers, serves jobs until told to stop, then disconnects. Returns the worker's exit code.</summary>
    /// <param name="gracefulStop">Finish the running job, take no more, disconnect.</param>
    /// <param name="hardStop">Cancel the running job (reason <c>agent_stop</c>), report it, disconnect.</param>
    public async Task<int> RunAsync(CancellationToken gracefulStop, CancellationToken hardStop)
    {
        // Stop taking jobs: on either stop signal, or when the coordinator says "stop".
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(gracefulStop, hardStop);
        using var stopping = drain.Token.Register(Status.Stopping);
        using var unhealthy = DiskHealth.Token.Register(drain.Cancel);
        var registered = await RegisterAsync(drain.Token);
        if (registered is null)
        {
            return drain.IsCancellationRequested ? ExitOk : ExitRegistrationFailed;
        }
        // The coordinator loses an agent after three missed heartbeats (its default); unhealthy after as long.
        Status.Registered(timeProvider.GetUtcNow(), TimeSpan.FromSeconds(Math.Max(0.1, registered.HeartbeatIntervalSeconds) * 3));

        using var heartbeatStop = new CancellationTokenSource();
        var heartbeating = HeartbeatLoopAsync(TimeSpan.FromSeconds(Math.Max(0.1, registered.HeartbeatIntervalSeconds)), drain, heartbeatStop.Token);
        try
        {
            await JobLoopAsync(registered, drain, hardStop);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeating;
            if (!_lost)
            {
                await DisconnectAsync();
            }
        }
        return _lost ? ExitLost : DiskHealth.Reason is not null ? ExitUnhealthy : ExitOk;
    }

    private async Task<RegisterAgentResponse?> RegisterAsync(CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(options.Tags, StringComparer.Ordinal) { ["queue"] = options.Queue };
        var request = new RegisterAgentRequest(name, tags, options.InstanceId, Environment.MachineName, Environment.ProcessId, options.Priority, AgentVersion.Current);
        try
        {
            var registered = await resilience.Register.ExecuteAsync(
                async ct => await api.RegisterAsync(options.RegistrationToken, request, ct), cancellationToken);
            Log.Registered(_logger, registered.Name, registered.AgentId, options.Queue);
            return registered;
        }
        catch (CoordinatorException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
        {
            Log.RegistrationRefused(_logger, name, options.ServerUrl, ex.Message);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Log.StoppedBeforeRegistration(_logger, name);
        }
        catch (Exception ex)
        {
            Log.RegistrationFailed(_logger, name, options.ServerUrl, ex);
        }
        return null;
    }

    private async Task JobLoopAsync(RegisterAgentResponse registered, CancellationTokenSource drain, CancellationToken hardStop)
    {
        var settings = new JobRunnerSettings
        {
            AgentId = registered.AgentId,
            AgentName = registered.Name,
            BuildPath = options.BuildPath,
            RegistrationToken = options.RegistrationToken,
            CancelGracePeriod = options.CancelGracePeriod,
            HooksPath = options.HooksPath,
            PluginsPath = options.PluginsPath,
            GitMirrorsPath = options.GitMirrorsPath,
            PluginMirror = Jobs.Plugins.PluginMirror.Parse(options.PluginMirror, out _),
            PluginsEnabled = options.PluginsEnabled,
            AllowedPlugins = [.. options.AllowedPlugins.Select(pattern => new Regex(pattern, RegexOptions.CultureInvariant))],
            AllowedRepositories = [.. options.AllowedRepositories.Select(pattern => new Regex(pattern, RegexOptions.CultureInvariant))],
            CommandEval = options.CommandEval,
            DockerLogin = options.DockerLogin,
            Pty = options.Pty,
            SshKeyscan = options.SshKeyscan,
            RedactedVars = options.RedactedVars,
            DiskCheck = new DiskSpaceCheck(DiskProbe, options.DiskMinFreeBytes, options.DiskMinFreeInodes),
            DiskFullAction = options.DiskFullAction,
            Health = DiskHealth,
            CoordinatorUrls = options.ServerUrls,
            MemoryCgroup = InheritedEnvironment()["ELASTIC_CI_MEMORY_CGROUP"] as string,
            JobsCgroup = InheritedEnvironment()["ELASTIC_CI_JOBS_CGROUP"] as string,
        };
        var runner = new JobRunner(api, settings, resilience, timeProvider, loggerFactory.CreateLogger<JobRunner>())
        {
            InheritedEnvironment = InheritedEnvironment,
        };
        var idleSince = timeProvider.GetTimestamp();
        var startedAt = idleSince;
        var failures = 0;
        while (!drain.IsCancellationRequested)
        {
            var idleLeft = options.DisconnectAfterIdleTimeout - timeProvider.GetElapsedTime(idleSince);
            if (idleLeft <= TimeSpan.Zero)
            {
                Log.IdleTimeout(_logger, registered.Name, options.DisconnectAfterIdleTimeout ?? TimeSpan.Zero);
                return;
            }
            // Checked only between jobs: a job that is running when the uptime passes is finished first.
            var uptimeLeft = options.DisconnectAfterUptime - timeProvider.GetElapsedTime(startedAt);
            if (uptimeLeft <= TimeSpan.Zero)
            {
                Log.MaxUptime(_logger, registered.Name, options.DisconnectAfterUptime ?? TimeSpan.Zero);
                return;
            }
            var waitLeft = idleLeft is null ? uptimeLeft : uptimeLeft is null ? idleLeft : (idleLeft < uptimeLeft ? idleLeft : uptimeLeft);
            using var idle = waitLeft is { } left ? new CancellationTokenSource(left, timeProvider) : null;
            using var poll = idle is null
                ? CancellationTokenSource.CreateLinkedTokenSource(drain.Token)
                : CancellationTokenSource.CreateLinkedTokenSource(drain.Token, idle.Token);

            NextJobResponse next;
            try
            {
                next = await api.NextJobAsync(poll.Token);
                failures = 0;
            }
            catch (OperationCanceledException) when (poll.IsCancellationRequested)
            {
                continue;
            }
            catch (CoordinatorException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                Log.AccessRevoked(_logger, registered.Name, ex.Message);
                _lost = true;
                return;
            }
            catch (Exception ex)
            {
                failures++;
                var backoff = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures - 1)));
                Log.PollFailed(_logger, failures > 3 ? LogLevel.Error : LogLevel.Warning, failures, backoff, ex);
                await Task.Delay(backoff, timeProvider, drain.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }

            if (next.Action == AgentActions.Stop)
            {
                Log.ToldToStop(_logger, registered.Name);
                return;
            }
            if (next.Action != AgentActions.Job || next.Job is null)
            {
                continue;
            }

            var cancellation = new JobCancellation();
            _running = new RunningJob(next.Job.Id, cancellation);
            Status.Busy(next.Job.Id);
            try
            {
                await runner.RunAsync(next.Job, cancellation, hardStop);
            }
            finally
            {
                _running = null;
                Status.Idle();
            }
            idleSince = timeProvider.GetTimestamp();
            if (options.DisconnectAfterJob)
            {
                Log.DisconnectAfterJob(_logger, registered.Name);
                return;
            }
        }
    }

    private async Task HeartbeatLoopAsync(TimeSpan interval, CancellationTokenSource drain, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(interval, timeProvider, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }
            try
            {
                var answer = await resilience.Control.ExecuteAsync(async ct => await api.HeartbeatAsync(ct), stop);
                Status.Heartbeat(timeProvider.GetUtcNow());
                var running = _running;
                if (running is not null && answer.CancelJobs.Contains(running.JobId))
                {
                    running.Cancellation.RequestCancel(SignalReasons.Cancel);
                }
                if (answer.Action == AgentActions.Stop && !drain.IsCancellationRequested)
                {
                    Log.Draining(_logger, name);
                    await drain.CancelAsync();
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (CoordinatorException ex) when (ex.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // The coordinator no longer knows this agent: its job has been (or will be) given to someone else.
                Log.AccessRevoked(_logger, name, ex.Message);
                _lost = true;
                _running?.Cancellation.RequestCancel(SignalReasons.AgentStop);
                await drain.CancelAsync();
                return;
            }
            catch (Exception ex)
            {
                Log.HeartbeatFailed(_logger, name, ex);
            }
        }
    }

    private async Task DisconnectAsync()
    {
        try
        {
            await resilience.Control.ExecuteAsync(async ct => await api.DisconnectAsync(ct), CancellationToken.None);
            Log.Disconnected(_logger, name);
        }
        catch (Exception ex)
        {
            Log.DisconnectFailed(_logger, name, ex);
        }
    }

    private sealed record RunningJob(string JobId, JobCancellation Cancellation);
}
