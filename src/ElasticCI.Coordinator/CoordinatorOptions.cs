using ElasticCI.Stacks;

namespace ElasticCI.Coordinator;

/// <summary>Settings of the coordinator process (<c>elastic-ci server</c> / <c>up</c>).</summary>
internal sealed class CoordinatorOptions
{
    /// <summary>Holds the database, the token files and the instances' directories. Required.</summary>
    public string DataDirectory { get; set; } = "";

    /// <summary>HOST:PORT to listen on; port 0 picks a free one.</summary>
    /// <remarks>Default: <c>127.0.0.1:8722</c>.</remarks>
    public string Listen { get; set; } = DefaultListen;

    public const string DefaultListen = Protocol.CoordinatorDefaults.Listen;

    /// <summary>
    /// Which store holds builds, jobs, agents and instances: a name in <see cref="Composition.CoordinatorStores"/>, or a
    /// PostgreSQL URL (<c>postgres://user:password@host:port/database</c>) shared by every coordinator replica. Holds a
    /// password: never log it.
    /// </summary>
    /// <remarks>Default: <c>sqlite</c> (one file in the data directory).</remarks>
    public string Store { get; set; } = Composition.CoordinatorStores.Sqlite;

    /// <summary>How often agents send a heartbeat.</summary>
    /// <remarks>Default: 5 seconds.</remarks>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>An agent silent this long is lost, and so is its job.</summary>
    /// <remarks>Default: null, meaning 3 × <see cref="HeartbeatInterval"/>.</remarks>
    public TimeSpan? AgentLostAfter { get; set; }

    /// <summary>How long a <c>jobs/next</c> long-poll is held open before answering "none".</summary>
    /// <remarks>Default: 25 seconds.</remarks>
    public TimeSpan JobPollTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>How often each stack is reconciled even when nothing signals a change.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan ScalerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Stacks to run; empty for a coordinator without autoscaling.</summary>
    public IReadOnlyList<StackDefinition> Stacks { get; set; } = [];

    /// <summary>
    /// Named long-lived registration tokens, each registering agents on its queues only (<c>agentTokens:</c> of
    /// <c>elastic-ci.yml</c>); the unnamed <c>agent-token</c> keeps registering agents on any queue.
    /// </summary>
    /// <remarks>Default: none.</remarks>
    public IReadOnlyList<Security.AgentTokenScope> AgentTokens { get; set; } = [];

    /// <summary>The command that runs <c>elastic-ci</c>, for instances the local provider launches.</summary>
    public IReadOnlyList<string> AgentCommand { get; set; } = [];

    public TimeSpan EffectiveLostAfter => AgentLostAfter ?? HeartbeatInterval * 3;

    /// <summary>The <c>Buildkite-Agent-Metrics-Poll-Duration</c> that <c>/v3/metrics</c> answers: the shortest period pollers may use.</summary>
    /// <remarks>Default: 10 seconds (Buildkite's usual value).</remarks>
    public TimeSpan MetricsPollDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Top-level <c>MaxInstances</c> of <c>elastic-ci.yml</c>: no stack launches beyond it, counted over all stacks; null for no budget.</summary>
    /// <remarks>Default: null (no global budget).</remarks>
    public int? MaxInstances { get; set; }

    /// <summary>The <c>elastic-ci.yml</c> the stacks came from; SIGHUP re-reads it. Null when the stacks came from elsewhere.</summary>
    public string? ConfigFile { get; set; }

    /// <summary>Serve <c>GET /metrics</c> without authentication, for a Prometheus scraper on a private network.</summary>
    /// <remarks>Default: false (the API token or a dashboard session is required, as for the rest of the API).</remarks>
    public bool MetricsUnauthenticated { get; set; }

    /// <summary>An OpenTelemetry collector's OTLP endpoint (e.g. <c>http://127.0.0.1:4317</c>) to push the same metrics to; null for none.</summary>
    /// <remarks>Default: null (metrics only at <c>/metrics</c>).</remarks>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Serve the web dashboard (login, builds, stacks, agents) on the coordinator's port.</summary>
    /// <remarks>Default: true.</remarks>
    public bool Dashboard { get; set; } = true;

    /// <summary>The most log bytes kept per job; the log then ends with a line saying it was cut, and later output is dropped (the job is not failed).</summary>
    /// <remarks>Default: 100 MiB.</remarks>
    public long MaxJobLogBytes { get; set; } = DefaultMaxJobLogBytes;

    public const long DefaultMaxJobLogBytes = 100L * 1024 * 1024;

    /// <summary>The most jobs one build may have, counted over its creation and every <c>pipeline upload</c>; an upload beyond it is refused.</summary>
    /// <remarks>Default: 2,000.</remarks>
    public int MaxJobsPerBuild { get; set; } = DefaultMaxJobsPerBuild;

    public const int DefaultMaxJobsPerBuild = 2000;

    /// <summary>This replica's id among coordinators sharing a database (<c>--replica-id</c>): shown by <c>stack status</c> and stored in the leader lease.</summary>
    /// <remarks>Default: null (the host name plus a random suffix, new at every start).</remarks>
    public string? ReplicaId { get; set; }
    /// <summary>Where artifact bytes are kept: the data directory, or an S3 bucket every replica reaches.</summary>
    /// <remarks>Default: local (<c>&lt;data-dir&gt;/artifacts</c>).</remarks>
    public Artifacts.ArtifactStoreOptions Artifacts { get; set; } = new();
}
