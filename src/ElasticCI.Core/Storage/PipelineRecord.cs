namespace ElasticCI.Storage;

/// <summary>A stored pipeline definition: what <c>build --pipeline SLUG</c> and trigger steps build.</summary>
/// <param name="Slug">The pipeline's slug (its name in builds, secrets and trigger steps).</param>
/// <param name="Name">Human-readable name; the slug when none was given.</param>
/// <param name="Repository">Repository builds check out (<c>BUILDKITE_REPO</c>); empty for none.</param>
/// <param name="DefaultBranch">Branch built when a build names none, and the base for <c>if_changed</c>.</param>
/// <param name="Configuration">The pipeline YAML.</param>
/// <param name="CreatedAt">When the definition was first stored.</param>
/// <param name="UpdatedAt">When it was last stored.</param>
internal sealed record PipelineRecord(
    string Slug,
    string Name,
    string Repository,
    string DefaultBranch,
    string Configuration,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);
