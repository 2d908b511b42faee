namespace ElasticCI.Protocol.Pipelines;

/// <summary>A stored pipeline definition.</summary>
/// <param name="Slug">The pipeline's slug.</param>
/// <param name="Name">Human-readable name.</param>
/// <param name="Repository">Repository builds check out; empty for none.</param>
/// <param name="DefaultBranch">Branch built when a build names none.</param>
/// <param name="Configuration">The pipeline YAML.</param>
/// <param name="CreatedAt">When the definition was first stored (UTC).</param>
/// <param name="UpdatedAt">When it was last stored (UTC).</param>
public sealed record PipelineDto(
    string Slug,
    string Name,
    string Repository,
    string DefaultBranch,
    string Configuration,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Secrets prefixes granted to the pipeline's jobs besides its own slug, sorted; empty for none.</summary>
    public IReadOnlyList<string> SecretsPrefixGrants { get; init; } = [];
}
