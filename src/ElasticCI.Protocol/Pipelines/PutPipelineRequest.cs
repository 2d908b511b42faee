namespace ElasticCI.Protocol.Pipelines;

/// <summary>Body of <c>PUT /api/v1/pipelines/{slug}</c>: the pipeline definition to store.</summary>
/// <param name="Configuration">The pipeline YAML (Buildkite format); validated like a build's pipeline.</param>
/// <param name="Name">Human-readable name; defaults to the slug.</param>
/// <param name="Repository">Repository builds check out (<c>BUILDKITE_REPO</c>); defaults to none.</param>
/// <param name="DefaultBranch">Branch built when a build names none; defaults to <c>main</c>.</param>
/// <param name="FileName">Name of the file the YAML came from, used in error messages; defaults to <c>pipeline.yml</c>.</param>
public sealed record PutPipelineRequest(
    string? Configuration,
    string? Name = null,
    string? Repository = null,
    string? DefaultBranch = null,
    string? FileName = null)
{
    /// <summary>
    /// Secrets prefixes the pipeline's jobs may choose with <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c> besides the
    /// pipeline's own slug (like a stack's <c>SecretsPrefixGrants</c>). Null keeps the stored grants (none for a new
    /// pipeline); an empty list removes them.
    /// </summary>
    public IReadOnlyList<string>? SecretsPrefixGrants { get; init; }
}
