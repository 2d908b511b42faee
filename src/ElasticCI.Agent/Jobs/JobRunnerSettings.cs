using System.Text.RegularExpressions;
using ElasticCI.Client;

namespace ElasticCI.Agent.Jobs;

/// <summary>What a <see cref="JobRunner"/> needs to know about its agent.</summary>
/// <remarks>A class, not a record, so the registration token never shows up in a generated ToString.</remarks>
internal sealed class JobRunnerSettings
{
    public required string AgentId { get; init; }

    public required string AgentName { get; init; }

    public required string BuildPath { get; init; }

    /// <summary>Kept only to scrub it from the job environment, under whatever name it was inherited.</summary>
    public required string RegistrationToken { get; init; }

    /// <remarks>Default: 10 seconds.</remarks>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often buffered output is uploaded, and how often an empty chunk asks whether the job was canceled.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan ChunkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <remarks>Default: 1 MiB.</remarks>
    public int MaxChunkBytes { get; init; } = 1024 * 1024;

    /// <summary>How long to keep reading output after the job's process group is gone (a detached process may hold the pipe).</summary>
    /// <remarks>Default: 2 seconds.</remarks>
    public TimeSpan OutputDrainTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Agent hooks directory; null when there is none.</summary>
    public string? HooksPath { get; init; }

    /// <summary>Where plugins are cloned, shared by every agent on the instance.</summary>
    /// <remarks>Default: <c>&lt;BuildPath&gt;/.plugins</c> (no agent directory can be named that).</remarks>
    public string? PluginsPath { get; init; }

    /// <summary><see cref="PluginsPath"/> or its default.</summary>
    public string EffectivePluginsPath => PluginsPath ?? Path.Combine(BuildPath, ".plugins");

    /// <summary>Where plugins are fetched from instead of their own repositories (<see cref="Plugins.PluginMirror"/>); null: from their repositories.</summary>
    public Plugins.PluginMirror? PluginMirror { get; init; }

    /// <summary>Directory of shared bare git mirrors; null clones straight from the repository.</summary>
    public string? GitMirrorsPath { get; init; }

    /// <remarks>Default: true.</remarks>
    public bool PluginsEnabled { get; init; } = true;

    /// <summary>When not empty, each plugin's source must match one of these.</summary>
    public IReadOnlyList<Regex> AllowedPlugins { get; init; } = [];

    /// <summary>When not empty, <c>BUILDKITE_REPO</c> must match one of these.</summary>
    public IReadOnlyList<Regex> AllowedRepositories { get; init; } = [];

    /// <summary>False: only scripts from the repository may run as the command, and no plugins.</summary>
    /// <remarks>Default: true.</remarks>
    public bool CommandEval { get; init; } = true;

    /// <summary>False: the built-in docker login from <c>DOCKER_LOGIN_*</c> never runs, whatever the job's environment says.</summary>
    /// <remarks>Default: true.</remarks>
    public bool DockerLogin { get; init; } = true;

    /// <summary>Run commands and hooks in a pseudo-terminal (<c>BUILDKITE_PTY</c>).</summary>
    /// <remarks>Default: true.</remarks>
    public bool Pty { get; init; } = true;

    /// <summary>Scan an SSH repository host's keys into known_hosts before checkout (<c>BUILDKITE_SSH_KEYSCAN</c>).</summary>
    /// <remarks>Default: true.</remarks>
    public bool SshKeyscan { get; init; } = true;

    /// <summary>The disk-space check before each job; null skips it.</summary>
    public DiskSpace.DiskSpaceCheck? DiskCheck { get; init; }

    /// <summary><see cref="DiskSpace.DiskFullActions"/>: what a failed disk check does besides failing the job.</summary>
    /// <remarks>Default: <c>fail-job</c>.</remarks>
    public string DiskFullAction { get; init; } = DiskSpace.DiskFullActions.FailJob;

    /// <summary>Shared with the other workers of the process; marked when the disk check makes the agent unhealthy.</summary>
    public DiskSpace.AgentHealth? Health { get; init; }

    /// <summary>The instance's cgroup v1 memory directory (set by the local provider with resource limits), or null.</summary>
    public string? MemoryCgroup { get; init; }

    /// <summary>The cgroup v1 pids group each job's executor joins (the instance's limit minus the agent's reserve), or null.</summary>
    public string? JobsCgroup { get; init; }

    /// <summary>Name patterns of variables whose values are redacted from the log.</summary>
    public IReadOnlyList<string> RedactedVars { get; init; } = Logs.Redactor.DefaultPatterns;

    /// <summary>Every coordinator URL the agent was given; with more than one, jobs get them all (<see cref="JobEndpoints.Variable"/>) so the in-job command fails over too.</summary>
    public IReadOnlyList<Uri> CoordinatorUrls { get; init; } = [];
}
