namespace ElasticCI.Agent;

/// <summary>Settings for <see cref="AgentHost"/>: where to register, who to be, and how to run jobs.</summary>
/// <remarks>Checked by <see cref="AgentOptionsValidator"/> before anything starts.</remarks>
internal sealed class AgentOptions
{
    public const string SectionName = "Agent";

    /// <summary>
    /// Coordinator base URL, absolute http or https; or several, comma-separated (replicas sharing one store): every call
    /// goes to the current one and moves round robin to the next when it stops answering. Required.
    /// </summary>
    public string ServerUrl { get; set; } = "";

    /// <summary>The URLs of <see cref="ServerUrl"/>, in order; empty when it is not a valid list.</summary>
    public IReadOnlyList<Uri> ServerUrls => Client.CoordinatorFailoverHandler.ParseList(ServerUrl, out _) ?? [];

    /// <summary>Token that allows registration; it never reaches a job. Required.</summary>
    public string RegistrationToken { get; set; } = "";

    /// <summary>Agent name.</summary>
    /// <remarks>Default: <c>&lt;hostname&gt;-&lt;pid&gt;</c>; with several workers, worker i of N gets the suffix <c>-i</c>.</remarks>
    public string? Name { get; set; }

    /// <summary>Queue the agent serves; registered as tag <c>queue</c>.</summary>
    /// <remarks>Default: <c>default</c>.</remarks>
    public string Queue { get; set; } = "default";

    /// <summary>Further agent tags; a <c>queue</c> entry here is overridden by <see cref="Queue"/>.</summary>
    public Dictionary<string, string> Tags { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Dispatch priority: idle agents of higher priority on the same queue get jobs first. CLI: <c>--priority</c>.</summary>
    /// <remarks>Default: 0.</remarks>
    public int Priority { get; set; }

    /// <summary>Host of the health-check HTTP endpoint (<c>--health-check-addr HOST:PORT</c>); null serves none.</summary>
    public string? HealthCheckHost { get; set; }

    /// <summary>Port of the health-check HTTP endpoint, 1-65535 when <see cref="HealthCheckHost"/> is set.</summary>
    public int HealthCheckPort { get; set; }

    /// <summary>How many workers (agents) this process runs, each with one job at a time.</summary>
    /// <remarks>Default: 1.</remarks>
    public int Spawn { get; set; } = 1;

    /// <summary>Each worker exits after it has run one job.</summary>
    /// <remarks>Default: false.</remarks>
    public bool DisconnectAfterJob { get; set; }

    /// <summary>Each worker exits after it has been idle this long; null keeps it polling forever.</summary>
    /// <remarks>Default: null.</remarks>
    public TimeSpan? DisconnectAfterIdleTimeout { get; set; }

    /// <summary>Each worker stops taking jobs once it has been running this long, finishes any job it has, and exits; null never.</summary>
    /// <remarks>Default: null.</remarks>
    public TimeSpan? DisconnectAfterUptime { get; set; }

    /// <summary>Root of the build directories (<c>&lt;BuildPath&gt;/&lt;agent&gt;/&lt;pipeline&gt;</c>). Required; the CLI picks the default.</summary>
    public string BuildPath { get; set; } = "";

    /// <summary>Time between SIGTERM and SIGKILL when a job is canceled.</summary>
    /// <remarks>Default: 10 seconds.</remarks>
    public TimeSpan CancelGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The instance this agent runs on (from <c>ELASTIC_CI_INSTANCE_ID</c>); null when not launched by a provider.</summary>
    public string? InstanceId { get; set; }

    /// <summary>Process to outlive no longer (from <c>ELASTIC_CI_PARENT_PID</c>): when it is gone, jobs are canceled and the agent exits.</summary>
    public int? ParentPid { get; set; }

    /// <summary>Absolute directory of agent hooks (<c>environment</c>, <c>pre-command</c>, …); null for none. CLI: <c>--hooks-path</c>.</summary>
    public string? HooksPath { get; set; }

    /// <summary>Absolute directory plugins are cloned into, shared by all agents of the instance. CLI: <c>--plugins-path</c>.</summary>
    /// <remarks>Default: <c>&lt;BuildPath&gt;/.plugins</c>.</remarks>
    public string? PluginsPath { get; set; }

    /// <summary>Where plugins are fetched from instead of their repositories: <c>;</c>-separated <c>FROM=TO</c> prefix rewrites and/or one
    /// directory or URL laid out as <c>HOST/PATH</c> (see <c>PluginMirror</c>); null fetches from the repositories. CLI: <c>--plugin-mirror</c>.</summary>
    public string? PluginMirror { get; set; }

    /// <summary>Absolute directory of shared bare git mirrors (one per repository); null disables mirrors. CLI: <c>--git-mirrors-path</c>.</summary>
    public string? GitMirrorsPath { get; set; }

    /// <summary>False refuses every job that uses plugins. CLI: <c>--no-plugins</c>.</summary>
    /// <remarks>Default: true.</remarks>
    public bool PluginsEnabled { get; set; } = true;

    /// <summary>Regexes (unanchored; anchor them) a plugin's source must match; empty allows all. CLI: <c>--allowed-plugins</c>.</summary>
    public List<string> AllowedPlugins { get; set; } = [];

    /// <summary>Regexes (unanchored) <c>BUILDKITE_REPO</c> must match; empty allows all. CLI: <c>--allowed-repositories</c>.</summary>
    public List<string> AllowedRepositories { get; set; } = [];

    /// <summary>False: only scripts in the repository may run as the command, and plugins are refused. CLI: <c>--no-command-eval</c>.</summary>
    /// <remarks>Default: true.</remarks>
    public bool CommandEval { get; set; } = true;

    /// <summary>Log the job's engine in from <c>DOCKER_LOGIN_USER</c>/<c>_PASSWORD</c>/<c>_SERVER</c> before pre-command (the
    /// reference stack's built-in docker login; a pipeline can still turn it off, never on). CLI: <c>--no-docker-login</c>
    /// turns it off (stack parameter <c>EnableDockerLoginPlugin: false</c>).</summary>
    /// <remarks>Default: true.</remarks>
    public bool DockerLogin { get; set; } = true;

    /// <summary>Run commands and hooks in a pseudo-terminal. CLI: <c>--no-pty</c> turns it off.</summary>
    /// <remarks>Default: true.</remarks>
    public bool Pty { get; set; } = true;

    /// <summary>Add an SSH repository host's keys to <c>~/.ssh/known_hosts</c> before checkout. CLI: <c>--no-ssh-keyscan</c> turns it off.</summary>
    /// <remarks>Default: true.</remarks>
    public bool SshKeyscan { get; set; } = true;

    /// <summary>Name patterns (<c>*</c> globs) of variables whose values are replaced with <c>[REDACTED]</c> in job logs.</summary>
    /// <remarks>Default: the Buildkite agent's list (<c>*_PASSWORD</c>, <c>*_SECRET</c>, <c>*_TOKEN</c>, <c>*_PRIVATE_KEY</c>, <c>*_SSH_KEY</c>,
    /// <c>*_ACCESS_KEY</c>, <c>*_SECRET_KEY</c>, <c>*_CONNECTION_STRING</c>, <c>*_API_KEY</c>).</remarks>
    public List<string> RedactedVars { get; set; } = [.. Logs.Redactor.DefaultPatterns];

    /// <summary>Free bytes the build path's filesystem needs before each job. CLI: <c>--disk-min-free-bytes</c>.</summary>
    /// <remarks>Default: 5 GiB (the original's DISK_MIN_AVAILABLE).</remarks>
    public long DiskMinFreeBytes { get; set; } = 5L * 1024 * 1024 * 1024;

    /// <summary>Free inodes the build path's filesystem needs before each job. CLI: <c>--disk-min-free-inodes</c>.</summary>
    /// <remarks>Default: 250,000 (the original's DISK_MIN_INODES).</remarks>
    public long DiskMinFreeInodes { get; set; } = 250_000;

    /// <summary>Still low after cleaning old build directories: <c>fail-job</c> or <c>unhealthy</c> (stop taking work, exit). CLI: <c>--disk-full-action</c>.</summary>
    /// <remarks>Default: <c>fail-job</c>.</remarks>
    public string DiskFullAction { get; set; } = Jobs.DiskSpace.DiskFullActions.FailJob;
}
