using System.Text.Json.Nodes;

namespace ElasticCI.Pipelines;

/// <summary>Command-step attributes beyond the walking-skeleton subset.</summary>
/// <param name="ArtifactPaths">Globs to upload after the command.</param>
/// <param name="Plugins">Plugins in declared order.</param>
/// <param name="Signature">A signing agent's <c>signature</c>, kept as written.</param>
internal sealed record CommandOptions(
    RetryPolicy? Retry,
    ConcurrencyLimit? Concurrency,
    int? Priority,
    IReadOnlyList<string> ArtifactPaths,
    IReadOnlyList<PluginSpec> Plugins,
    MatrixSpec? Matrix,
    bool CancelOnBuildFailing,
    JsonNode? Signature)
{
    public static CommandOptions Default { get; } = new(null, null, null, [], [], null, false, null);
}
