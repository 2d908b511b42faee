namespace ElasticCI.Storage;

/// <summary>
/// The secrets prefixes granted to a pipeline in its stored definition (besides its own slug): the jobs of that pipeline
/// may choose them with <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c>, like the stacks' <c>SecretsPrefixGrants</c>.
/// </summary>
internal interface IPipelineGrantStore
{
    /// <summary>Replaces the prefixes granted to <paramref name="slug"/> (empty removes them all).</summary>
    Task SetPipelineGrantsAsync(string slug, IReadOnlyList<string> prefixes, CancellationToken cancellationToken);

    /// <summary>The prefixes granted to <paramref name="slug"/>, sorted; empty when there are none.</summary>
    Task<IReadOnlyList<string>> GetPipelineGrantsAsync(string slug, CancellationToken cancellationToken);
}
