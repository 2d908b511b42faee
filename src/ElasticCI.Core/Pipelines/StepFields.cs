namespace ElasticCI.Pipelines;

/// <summary>Names of step types and attributes, split into what the parser reads and what Buildkite has but we do not yet.</summary>
internal static class StepFields
{
    public static readonly IReadOnlySet<string> CommandMarkers = new HashSet<string>(StringComparer.Ordinal) { "command", "commands" };

    public static readonly IReadOnlySet<string> WaitMarkers = new HashSet<string>(StringComparer.Ordinal) { "wait", "waiter" };

    /// <summary>Step types Buildkite has that this walking skeleton does not run yet.</summary>
    public static readonly IReadOnlySet<string> UnsupportedTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "block", "input", "trigger", "group",
    };

    /// <summary>Command-step attributes this parser reads.</summary>
    public static readonly IReadOnlySet<string> CommandAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "command", "commands", "label", "name", "key", "id", "identifier", "depends_on", "env", "agents",
        "parallelism", "timeout_in_minutes", "soft_fail",
    };

    /// <summary>Wait-step attributes this parser reads.</summary>
    public static readonly IReadOnlySet<string> WaitAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "wait", "waiter", "continue_on_failure", "label", "name",
    };

    /// <summary>Real Buildkite step attributes (any step type, aliases included) that are reported as "not supported yet".</summary>
    public static readonly IReadOnlySet<string> UnsupportedAttributes = new HashSet<string>(StringComparer.Ordinal)
    {
        "script", "plugins", "artifact_paths", "artifacts", "matrix", "retry", "concurrency", "concurrency_group",
        "concurrency_method", "priority", "skip", "branches", "if", "if_changed", "allow_dependency_failure",
        "cancel_on_build_failing", "notify", "secrets", "cache", "image", "checkout", "signature",
        "agent_query_rules", "timeout", "prompt", "fields", "blocked_state", "allowed_teams", "build", "async", "steps",
    };

    /// <summary>Top-level keys Buildkite gives a meaning to that this parser does not support yet; other unknown keys are ignored.</summary>
    public static readonly IReadOnlySet<string> UnsupportedTopLevel = new HashSet<string>(StringComparer.Ordinal)
    {
        "notify", "priority", "secrets", "image", "checkout",
    };
}
