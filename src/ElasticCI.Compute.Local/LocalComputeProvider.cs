using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using ElasticCI.Compute.Local.Cgroups;
using ElasticCI.Compute.Local.Sandbox;
using ElasticCI.Compute.Local.Settings;
using ElasticCI.Secrets;
using ElasticCI.Stacks;
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

    // Runs inside the instance's session: the bootstrap script (bash, in the instance directory, without the agent
    // token, bounded by BootstrapScriptTimeout), then the agents. Exit 97 with bootstrap.exit written = bootstrap failed.
    private const string InstanceInitScript = """
        unset ELASTIC_CI_INSTANCE_INIT
        if [ -n "$ELASTIC_CI_BOOTSTRAP_SCRIPT" ]; then
          env -u ELASTIC_CI_AGENT_TOKEN timeout -k 5 "$ELASTIC_CI_BOOTSTRAP_TIMEOUT" bash "$ELASTIC_CI_BOOTSTRAP_SCRIPT" >bootstrap.log 2>&1 </dev/null
          rc=$?
          echo "$rc" >bootstrap.exit
          [ "$rc" -eq 0 ] || exit 97
        fi
        unset ELASTIC_CI_BOOTSTRAP_SCRIPT ELASTIC_CI_BOOTSTRAP_TIMEOUT
        exec "$@" >>"$ELASTIC_CI_INSTANCE_LOG" 2>&1
        """;

    private readonly ConcurrentDictionary<string, LocalInstance> _instances = new(StringComparer.Ordinal);
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(60) };
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Joins the instance's cgroups before anything else runs, so every later process of the instance is inside them.
    private const string JoinCgroups = """
        set -f; IFS=:; for f in $ELASTIC_CI_CGROUP_PROCS; do echo $$ >"$f" || exit 96; done; unset IFS ELASTIC_CI_CGROUP_PROCS; set +f;
        """;

    // What a sandboxed instance keeps of the coordinator's environment: how to find programs and the runtime, nothing else.
    private static readonly string[] PassedToSandbox = ["PATH", "LANG", "LC_ALL", "TZ", "DOTNET_ROOT"];

    /// <summary>The agent's (and its jobs') variable naming the instance's memory cgroup directory.</summary>
    public const string MemoryCgroupVariable = "ELASTIC_CI_MEMORY_CGROUP";

    /// <summary>The agent's variable naming the pids group its jobs' executors go into (the instance's limit minus a reserve for the agent).</summary>
    public const string JobsCgroupVariable = "ELASTIC_CI_JOBS_CGROUP";

    public string Name => ProviderName;

    private static string WriteTokenFile(string directory, string token)
    {
        var path = Path.Combine(directory, "registration-token");
        File.Delete(path);
        using var stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        stream.Write(System.Text.Encoding.UTF8.GetBytes(token));
        return path;
    }

    /// <summary>An instance is a child process tree: it reports its exit code, and it cannot outlive the coordinator (its agents watch our pid).</summary>
    public ComputeCapabilities Capabilities { get; } = new(SurvivesCoordinatorRestart: false, ReportsExitCodes: true, ProvidesSpotLifecycle: false);

    public Task Changed => Volatile.Read(ref _changed).Task;

    public async Task<ComputeInstanceStatus> LaunchAsync(LaunchRequest request, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(options.DataDirectory, "instances", request.InstanceId);
        Directory.CreateDirectory(directory);
        var stack = request.Stack;
        var bootstrap = stack.BootstrapScriptUrl is null ? null : Path.Combine(directory, "bootstrap.sh");
        if (bootstrap is not null)
        {
            await InstanceFiles.FetchAsync(_http, "BootstrapScriptUrl", stack.BootstrapScriptUrl!, bootstrap, cancellationToken);
        }
        IReadOnlyList<KeyValuePair<string, string>> agentEnv = [];
        if (stack.AgentEnvFileUrl is not null)
        {
            var envFile = Path.Combine(directory, "agent.env");
            await InstanceFiles.FetchAsync(_http, "AgentEnvFileUrl", stack.AgentEnvFileUrl, envFile, cancellationToken);
            agentEnv = EnvFileParser.Parse("AgentEnvFileUrl", await File.ReadAllTextAsync(envFile, cancellationToken));
        }
        var settings = LocalStackSettings.Of(stack);
        var sandboxed = settings.Sandboxed;
        var engine = sandboxed && settings.Docker.Engine == StackDockerEngines.Rootless;
        if (engine && EngineSupport.PrepareHost() is { } hostProblem)
        {
            throw new InvalidOperationException($"stack '{stack.Name}': DockerEngine: rootless: {hostProblem}");
        }
        var user = sandboxed ? await InstanceUser.CreateAsync(request.InstanceId, subordinateIds: engine, cancellationToken) : null;
        var cgroup = settings.ExperimentalEnableResourceLimits ? await CreateCgroupAsync(request.InstanceId, stack, user, cancellationToken) : null;
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, WorkingDirectory = directory };
        if (sandboxed)
        {
            // Nothing of the coordinator's environment (which may hold credentials) reaches a sandboxed instance.
            start.Environment.Clear();
            foreach (var name in PassedToSandbox)
            {
                if (Environment.GetEnvironmentVariable(name) is { } value)
                {
                    start.Environment[name] = value;
                }
            }
        }
        // The agent env file first, so none of its values can replace what the instance needs to work.
        foreach (var (key, value) in agentEnv)
        {
            start.Environment[key] = value;
        }
        start.Environment["ELASTIC_CI_INSTANCE_INIT"] = InstanceInitScript;
        start.Environment["ELASTIC_CI_BOOTSTRAP_SCRIPT"] = bootstrap ?? "";
        start.Environment["ELASTIC_CI_BOOTSTRAP_TIMEOUT"] = ((long)Math.Ceiling(stack.BootstrapScriptTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        start.Environment["BUILDKITE_STACK_NAME"] = stack.Name;
        start.Environment["BUILDKITE_QUEUE"] = stack.Queue;
        start.Environment["BUILDKITE_AGENTS_PER_INSTANCE"] = stack.Scaling.AgentsPerInstance.ToString(CultureInfo.InvariantCulture);
        // The registration token goes in a file the agent reads and deletes before it takes a job, never in an
        // environment variable (a job could read it from the agent's /proc/<pid>/environ).
        start.Environment.Remove("ELASTIC_CI_AGENT_TOKEN");
        start.Environment["ELASTIC_CI_AGENT_TOKEN_FILE"] = WriteTokenFile(directory, request.RegistrationToken);
        start.Environment[ProcessSweeper.MarkerVariable] = request.InstanceId;
        start.Environment["ELASTIC_CI_INSTANCE_LOG"] = Path.Combine(directory, "agent.log");
        start.Environment["ELASTIC_CI_INSTANCE_TYPE"] = stack.InstanceType;
        if (cgroup is not null)
        {
            start.Environment["ELASTIC_CI_CGROUP_PROCS"] = string.Join(':', cgroup.Directories.Select(d => Path.Combine(d, "cgroup.procs")));
            // The agent reads the memory group's OOM counter to tell a job that the limit, not its own bug, killed it.
            start.Environment[MemoryCgroupVariable] = cgroup.MemoryDirectory;
            if (cgroup.JobsDirectory is not null)
            {
                start.Environment[JobsCgroupVariable] = cgroup.JobsDirectory;
            }
        }
        var agent = options.AgentCommand.Concat(LocalAgentArguments.For(request, directory)).ToList();
        if (user is not null)
        {
            SandboxNative.ChownTree(directory, user.Uid, user.Gid);
            SandboxCommand.Apply(start, user, directory, options.DataDirectory, options.AgentCommand,
                ["/bin/sh", "-c", InstanceInitScript, "sh", .. agent], Path.Combine(directory, "sandbox.log"),
                [.. cgroup is null ? [] : new[] { cgroup.MemoryDirectory }, .. LocalAgentArguments.MirrorDirectory(stack) is { } mirror ? [mirror] : Array.Empty<string>()],
                cgroup?.JobsDirectory is { } jobs ? [jobs] : [],
                SandboxContainers.Arguments(start, stack, user, directory, options.DataDirectory, engine));
        }
        else
        {
            // setsid puts the instance in its own session and process group (pid = pgid) so one signal reaches all of it,
            // bootstrap script included; the output goes to per-instance log files rather than through pipes we would have to drain.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("exec setsid /bin/sh -c \"$ELASTIC_CI_INSTANCE_INIT\" sh \"$@\" </dev/null");
            start.ArgumentList.Add("sh");
            foreach (var part in agent)
            {
                start.ArgumentList.Add(part);
            }
        }
        if (cgroup is not null)
        {
            start.ArgumentList[1] = JoinCgroups + start.ArgumentList[1];
        }
        // Outside a sandbox the agents watch this pid; a sandbox drops the variable at its boundary (its watchdog uses its own parent).
        start.Environment["ELASTIC_CI_PARENT_PID"] = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the instance process.");
        // The pid is read once: the Process object is disposed at shutdown, and a signal needs only the number.
        var instance = new LocalInstance(request.InstanceId, stack.Name, process, process.Id, WatchAsync(request.InstanceId, process, user is not null), directory, user);
        _instances[request.InstanceId] = instance;
        // Observers learn of the exit from this provider's description; the change only tells them to look now.
        _ = instance.Exited.ContinueWith(static (_, self) => ((LocalComputeProvider)self!).NotifyChanged(), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        Log.Launched(logger, request.InstanceId, process.Id, directory);
        return Describe(instance);
    }

    public Task<IReadOnlyList<ComputeInstanceStatus>> ListAsync(string stack, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<ComputeInstanceStatus>>([.. _instances.Values.Where(i => i.Stack == stack).Select(Describe)]);

    public Task<ComputeInstanceStatus?> DescribeAsync(string instanceId, CancellationToken cancellationToken)
        => Task.FromResult(_instances.TryGetValue(instanceId, out var instance) ? Describe(instance) : null);

    public async Task TerminateAsync(string instanceId, bool graceful, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (!_instances.TryGetValue(instanceId, out var instance) || instance.Exited.IsCompleted)
        {
            // Also the coordinator's start-up call for instances of a previous run: nothing of them may run next to a retry.
            await KillLeftoversAsync(instanceId, sandboxed: true);
            return;
        }
        // As with the Buildkite agent: SIGTERM = finish running jobs, then exit; SIGQUIT = cancel them, then exit.
        // A sandbox's watchdog passes the signal on to the agent (bubblewrap itself would die at once on it).
        void Send(int signal) => _ = instance.User is null ? Signals.ToGroup(instance.Pid, signal) : Signals.ToProcess(instance.Pid, signal);
        Send(graceful ? Signals.SigTerm : Signals.SigQuit);
        if (!graceful)
        {
            // A coordinator started in the background of a non-interactive shell passes SIGQUIT on as ignored, and the
            // agent cannot handle an ignored SIGQUIT: a second SIGTERM is the agent's other way to say "cancel and exit".
            Send(Signals.SigTerm);
            await Task.WhenAny(instance.Exited, Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken));
            Send(Signals.SigTerm);
        }
        try
        {
            await instance.Exited.WaitAsync(grace, cancellationToken);
        }
        catch (TimeoutException)
        {
            Log.KillingAfterGrace(logger, instanceId, grace);
            Signals.ToGroup(instance.Pid, Signals.SigKill);
        }
        await instance.Exited;
    }

    /// <summary>
    /// Kills whatever of an instance still runs (its cgroups' members; marked processes; for a sandbox every process of its
    /// user) and removes its cgroups and its user.
    /// </summary>
    private async Task<int> KillLeftoversAsync(string instanceId, bool sandboxed)
    {
        var killed = await InstanceCgroup.RemoveAsync(instanceId, CancellationToken.None);
        killed += ProcessSweeper.KillMarked(instanceId);
        if (sandboxed)
        {
            var uid = InstanceUser.Lookup(InstanceUser.NameFor(instanceId))?.Uid;
            try
            {
                killed += await InstanceUser.KillAndRemoveAsync(instanceId, CancellationToken.None);
            }
            catch (InvalidOperationException ex)
            {
                Log.UserNotRemoved(logger, InstanceUser.NameFor(instanceId), ex.Message);
            }
            try
            {
                // The watchdog removes the engine's storage when it stops; a killed watchdog leaves it to us.
                RootlessEngine.RemoveLeftovers(Path.Combine(options.DataDirectory, "instances", instanceId), uid);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.EngineStorageNotRemoved(logger, instanceId, ex.Message);
            }
        }
        return killed;
    }

    public async ValueTask DisposeAsync()
    {
        var alive = _instances.Values.Where(i => !i.Exited.IsCompleted).ToList();
        await Task.WhenAll(alive.Select(i => TerminateAsync(i.Id, graceful: false, TimeSpan.FromSeconds(15), CancellationToken.None)));
        // Each watcher reads its exit code from the Process object: let them finish before the objects go.
        await Task.WhenAll(_instances.Values.Select(i => (Task)i.Exited)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        foreach (var instance in _instances.Values)
        {
            instance.Process.Dispose();
        }
        _http.Dispose();
    }

    private static async Task<InstanceCgroup> CreateCgroupAsync(string instanceId, StackDefinition stack, InstanceUser? user, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var limits = StackResourceLimits.Parse(LocalStackSettings.Of(stack), $"stack '{stack.Name}'", problems)
            ?? throw new InvalidOperationException(string.Join("; ", problems));
        return await InstanceCgroup.CreateAsync(instanceId, limits, user is null ? null : (user.Uid, user.Gid), cancellationToken);
    }

    private static ComputeInstanceStatus Describe(LocalInstance instance) => instance.Exited.IsCompleted
        ? new ComputeInstanceStatus(instance.Id, instance.Stack, ComputeInstanceState.Gone,
            instance.Exited.IsCompletedSuccessfully ? instance.Exited.Result : -1, LocalBootstrap.Failure(instance.Directory))
        : new ComputeInstanceStatus(instance.Id, instance.Stack, ComputeInstanceState.Running);

    private void NotifyChanged() => Interlocked.Exchange(ref _changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    private async Task<int> WatchAsync(string instanceId, Process process, bool sandboxed)
    {
        await process.WaitForExitAsync();
        var exitCode = process.ExitCode;
        var leftovers = await KillLeftoversAsync(instanceId, sandboxed);
        Log.Exited(logger, instanceId, exitCode, leftovers);
        return exitCode;
    }

    private sealed record LocalInstance(string Id, string Stack, Process Process, int Pid, Task<int> Exited, string Directory, InstanceUser? User);

    private static partial class Log
    {
        [LoggerMessage(EventId = LocalComputeEventIds.LocalComputeProviderLaunched, Level = LogLevel.Information, Message = "Launched instance {InstanceId} (pid {Pid}) in {Directory}")]
        public static partial void Launched(ILogger logger, string instanceId, int pid, string directory);

        [LoggerMessage(EventId = LocalComputeEventIds.LocalComputeProviderExited, Level = LogLevel.Information, Message = "Instance {InstanceId} exited with code {ExitCode}; swept {Leftovers} leftover process(es)")]
        public static partial void Exited(ILogger logger, string instanceId, int exitCode, int leftovers);

        [LoggerMessage(EventId = LocalComputeEventIds.LocalComputeProviderKillingAfterGrace, Level = LogLevel.Warning, Message = "Instance {InstanceId} did not stop within {Grace}; killing it")]
        public static partial void KillingAfterGrace(ILogger logger, string instanceId, TimeSpan grace);

        [LoggerMessage(EventId = LocalComputeEventIds.LocalComputeProviderUserNotRemoved, Level = LogLevel.Warning, Message = "Could not remove instance user {User}: {Reason}")]
        public static partial void UserNotRemoved(ILogger logger, string user, string reason);

        [LoggerMessage(EventId = LocalComputeEventIds.LocalComputeProviderEngineStorageNotRemoved, Level = LogLevel.Warning, Message = "Could not remove the container engine storage of instance {InstanceId}: {Reason}")]
        public static partial void EngineStorageNotRemoved(ILogger logger, string instanceId, string reason);
    }
}
