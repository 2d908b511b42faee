using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Compute.Local;

/// <summary>
/// The <c>local</c> provider: an instance is a process tree of its own — <c>elastic-ci agent start --spawn N</c>
/// in a new session, with its own directory under the data dir. Every process of the instance carries a marker
/// variable, so terminating it sweeps up whatever its jobs left behind.
/// </summary>
internal sealed partial class LocalComputeProvider(LocalProviderOptions options, ILogger<LocalComputeProvider> logger) : IComputeProvider
{
    public const string ProviderName = "local";

    private readonly ConcurrentDictionary<string, LocalInstance> _instances = new(StringComparer.Ordinal);

    public string Name => ProviderName;

    public Task<IComputeInstance> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.DataDirectory, "instances", request.InstanceId);
        Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        // setsid puts the instance in its own session and process group (pid = pgid) so one signal reaches all of it;
        // its output goes to a per-instance log file rather than through pipes we would have to drain.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec setsid \"$@\" >>\"$ELASTIC_CI_INSTANCE_LOG\" 2>&1 </dev/null");
        start.ArgumentList.Add("sh");
        foreach (var part in options.AgentCommand)
        {
            start.ArgumentList.Add(part);
        }
        foreach (var arg in new[]
        {
            "agent", "start", "--server", request.CoordinatorUrl, "--spawn", request.Stack.Scaling.AgentsPerInstance.ToString(CultureInfo.InvariantCulture),
            "--queue", request.Stack.Queue, "--name", request.InstanceId, "--build-path", Path.Combine(directory, "builds"),
        })
        {
            start.ArgumentList.Add(arg);
        }
        // The original's one-job and max-uptime instances: the agents exit, and with the last of them the instance.
        if (request.Stack.BuildkiteTerminateInstanceAfterJob)
        {
            start.ArgumentList.Add("--disconnect-after-job");
        }
        if (request.Stack.BuildkiteAgentDisconnectAfterUptime > TimeSpan.Zero)
        {
            start.ArgumentList.Add("--disconnect-after-uptime");
            start.ArgumentList.Add(((long)Math.Ceiling(request.Stack.BuildkiteAgentDisconnectAfterUptime.TotalSeconds)).ToString(CultureInfo.InvariantCulture));
        }
        start.Environment["ELASTIC_CI_AGENT_TOKEN"] = request.RegistrationToken;
        start.Environment[ProcessSweeper.MarkerVariable] = request.InstanceId;
        start.Environment["ELASTIC_CI_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        start.Environment["ELASTIC_CI_INSTANCE_LOG"] = Path.Combine(directory, "agent.log");
        start.Environment["ELASTIC_CI_INSTANCE_TYPE"] = request.Stack.InstanceType;

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the instance process.");
        var instance = new LocalInstance(request.InstanceId, process, WatchAsync(request.InstanceId, process));
        _instances[request.InstanceId] = instance;
        Log.Launched(logger, request.InstanceId, process.Id, directory);
        return Task.FromResult<IComputeInstance>(instance);
    }

    public async Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!_instances.TryGetValue(instanceId, out var instance) || instance.Exited.IsCompleted)
        {
            ProcessSweeper.KillMarked(instanceId);
            return;
        }
        // As with the Buildkite agent: SIGTERM = finish running jobs, then exit; SIGQUIT = cancel them, then exit.
        Signals.ToGroup(instance.Process.Id, graceful ? Signals.SigTerm : Signals.SigQuit);
        try
        {
            await instance.Exited.WaitAsync(grace, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.KillingAfterGrace(logger, instanceId, grace);
            Signals.ToGroup(instance.Process.Id, Signals.SigKill);
        }
        ProcessSweeper.KillMarked(instanceId);
    }

    public async ValueTask DisposeAsync()
    {
        var alive = _instances.Values.Where(i => !i.Exited.IsCompleted).ToList();
        await Task.WhenAll(alive.Select(i => TerminateAsync(i.Id, graceful: false, TimeSpan.FromSeconds(15), CancellationToken.None)));
        foreach (var instance in _instances.Values)
        {
            instance.Process.Dispose();
        }
    }

    private async Task<int> WatchAsync(string instanceId, Process process)
    {
        await process.WaitForExitAsync();
        var leftovers = ProcessSweeper.KillMarked(instanceId);
        Log.Exited(logger, instanceId, process.ExitCode, leftovers);
        return process.ExitCode;
    }

    private sealed record LocalInstance(string Id, Process Process, Task<int> Exited) : IComputeInstance;

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Launched instance {InstanceId} (pid {Pid}) in {Directory}")]
        public static partial void Launched(ILogger logger, string instanceId, int pid, string directory);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Instance {InstanceId} exited with code {ExitCode}; swept {Leftovers} leftover process(es)")]
        public static partial void Exited(ILogger logger, string instanceId, int exitCode, int leftovers);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Instance {InstanceId} did not stop within {Grace}; killing it")]
        public static partial void KillingAfterGrace(ILogger logger, string instanceId, TimeSpan grace);
    }
}
