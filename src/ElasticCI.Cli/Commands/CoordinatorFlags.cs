using System.CommandLine;
using ElasticCI.Coordinator.Settings;

namespace ElasticCI.Cli.Commands;

/// <summary>The flags `up` and `server` share.</summary>
internal sealed class CoordinatorFlags
{
    public Option<string> Config { get; } = new("--config") { Description = "Stacks file (elastic-ci.yml)" };
    public Option<string> DataDir { get; } = new("--data-dir") { Description = "Data directory (default $ELASTIC_CI_DATA_DIR or .elastic-ci)" };
    public Option<string> Listen { get; } = new("--listen") { Description = "HOST:PORT to listen on (default 127.0.0.1:8722; port 0 picks a free one)" };
    public Option<double> HeartbeatInterval { get; } = new("--heartbeat-interval") { Description = "Seconds between agent heartbeats", DefaultValueFactory = _ => 5 };
    public Option<bool> MetricsUnauthenticated { get; } = new("--metrics-unauthenticated") { Description = "Serve GET /metrics without authentication (for a Prometheus scraper on a private network)" };
    public Option<string?> OtlpEndpoint { get; } = new("--otlp-endpoint") { Description = "Also push metrics to this OpenTelemetry collector (OTLP; gRPC, or HTTP when the port is 4318)" };
    public Option<int> MetricsPollDuration { get; } = new("--metrics-poll-duration") { Description = "Seconds /v3/metrics tells pollers to wait between polls (Buildkite-Agent-Metrics-Poll-Duration)", DefaultValueFactory = _ => 10 };
    public Option<double?> AgentLostAfter { get; } = new("--agent-lost-after") { Description = "Seconds without a heartbeat before an agent and its job are lost (default 3 × heartbeat interval)" };

    public Option<long?> MaxJobLogBytes { get; } = new("--max-job-log-bytes") { Description = "Most log bytes kept per job; the log then ends with a line saying it was cut (default 104857600, 100 MiB)" };
    public Option<int?> MaxJobsPerBuild { get; } = new("--max-jobs-per-build") { Description = "Most jobs one build may have over all its pipeline uploads (default 2000)" };

    public Option<string> Store { get; } = new("--store") { Description = "Store: sqlite (the file in --data-dir; the default) or postgres://user:password@host:port/database shared by several coordinators (also $ELASTIC_CI_STORE or the config file's store key)" };

    public Option<string?> ReplicaId { get; } = new("--replica-id") { Description = "This coordinator's id among replicas sharing a database (default: host name plus a random suffix)" };

    public Option<string?> Artifacts { get; } = new("--artifacts") { Description = "Where artifact bytes go: local (the data directory, default) or s3://BUCKET[/PREFIX]" };
    public Option<string?> ArtifactsEndpoint { get; } = new("--artifacts-endpoint") { Description = "Endpoint URL of an S3-compatible server (MinIO, s3rver) for --artifacts s3://..." };
    public Option<string?> ArtifactsRegion { get; } = new("--artifacts-region") { Description = "Region of the artifacts bucket (default $AWS_REGION or us-east-1)" };
    public Option<bool?> ArtifactsPathStyle { get; } = new("--artifacts-path-style") { Description = "Address the artifacts bucket as ENDPOINT/BUCKET (S3-compatible servers usually need it)" };

    /// <summary>The flags given on the command line (not their defaults), by coordinator setting key, as their text.</summary>
    public IReadOnlyDictionary<string, string> Given(ParseResult parse)
    {
        var given = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Option[] settable = [DataDir, Listen, Store, HeartbeatInterval, AgentLostAfter, MetricsPollDuration, MetricsUnauthenticated, OtlpEndpoint, MaxJobLogBytes, MaxJobsPerBuild, ReplicaId];
        foreach (var option in settable)
        {
            if (parse.GetResult(option) is { Implicit: false } result && CoordinatorSettings.All.FirstOrDefault(s => s.Flag == option.Name) is { } setting)
            {
                // A switch given without a value (--metrics-unauthenticated) is "true".
                given[setting.Key] = result.Tokens.Count == 0 ? "true" : result.Tokens[^1].Value;
            }
        }
        return given;
    }

    public Command Create(string name, string description, Func<ParseResult, Task<int>> action)
    {
        var command = new Command(name, description) { Config, DataDir, Listen, HeartbeatInterval, AgentLostAfter, MetricsPollDuration, MetricsUnauthenticated, OtlpEndpoint, MaxJobLogBytes, MaxJobsPerBuild, Store, ReplicaId,
            Artifacts, ArtifactsEndpoint, ArtifactsRegion, ArtifactsPathStyle };
        command.SetAction(action);
        return command;
    }
}
