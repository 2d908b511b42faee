namespace ElasticCI.Pipelines;

/// <summary>Names of step types and the attributes each reads, plus what Buildkite has that we do not support yet.</summary>
internal static class StepFields
{
    public static readonly IReadOnlySet<string> CommandMarkers = Set("command", "commands", "script");

    public static readonly IReadOnlySet<string> WaitMarkers = Set("wait", "waiter");

    /// <summary>Keys whose presence makes a mapping a step of that type (the value may be a title or a nested mapping).</summary>
    public static readonly IReadOnlySet<string> TypeMarkers = Set("command", "commands", "script", "wait", "waiter", "block", "input", "trigger", "group");

    /// <summary>Attributes every step type reads.</summary>
    private static readonly string[] Common = ["type", "key", "id", "identifier", "label", "name", "depends_on", "allow_dependency_failure", "if"];

    public static readonly IReadOnlySet<string> CommandAttributes = Set(
        [.. Common, "command", "commands", "script", "env", "agents", "agent_query_rules", "parallelism", "timeout_in_minutes", "timeout",
         "soft_fail", "branches", "skip", "if_changed", "notify", "plugins", "artifact_paths", "artifacts", "matrix", "retry", "concurrency",
         "concurrency_group", "concurrency_method", "priority", "cancel_on_build_failing", "signature"]);

    public static readonly IReadOnlySet<string> WaitAttributes = Set([.. Common, "wait", "waiter", "continue_on_failure", "branches"]);

    public static readonly IReadOnlySet<string> BlockAttributes = Set([.. Common, "block", "prompt", "fields", "blocked_state", "branches", "allowed_teams"]);

    public static readonly IReadOnlySet<string> InputAttributes = Set([.. Common, "input", "prompt", "fields", "branches", "allowed_teams"]);

    public static readonly IReadOnlySet<string> TriggerAttributes = Set(
        [.. Common, "trigger", "async", "build", "branches", "skip", "soft_fail", "if_changed"]);

    public static readonly IReadOnlySet<string> GroupAttributes = Set([.. Common, "group", "steps", "notify", "skip", "if_changed"]);

    /// <summary>Real Buildkite step attributes that are reported as "not supported yet".</summary>
    public static readonly IReadOnlySet<string> UnsupportedAttributes = Set("secrets", "cache", "image", "checkout");

    /// <summary>Every attribute some step type reads, to tell "not valid on this step" from "unknown".</summary>
    public static readonly IReadOnlySet<string> AllAttributes = Set(
        [.. CommandAttributes, .. WaitAttributes, .. BlockAttributes, .. InputAttributes, .. TriggerAttributes, .. GroupAttributes]);

    /// <summary>Top-level keys Buildkite gives a meaning to that this parser does not support yet; other unknown keys are ignored.</summary>
    public static readonly IReadOnlySet<string> UnsupportedTopLevel = Set("secrets", "image", "checkout");

    private static HashSet<string> Set(params string[] names) => new(names, StringComparer.Ordinal);
}
