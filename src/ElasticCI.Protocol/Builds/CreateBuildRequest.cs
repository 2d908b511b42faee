namespace ElasticCI.Protocol.Builds;

/// <summary>Body of <c>POST /api/v1/builds</c>: a Buildkite-format pipeline and what to build.</summary>
/// <param name="Pipeline">Pipeline slug (lower-case letters, digits and dashes); created on first use.</param>
/// <param name="Yaml">The pipeline document; null or empty builds the pipeline's stored definition (<c>PUT /api/v1/pipelines/{slug}</c>).</param>
/// <param name="FileName">Name of the file the YAML came from, used in error messages; defaults to <c>pipeline.yml</c>.</param>
/// <param name="Branch">Branch to build; defaults to the stored pipeline's default branch, else <c>main</c>.</param>
/// <param name="Commit">Commit to build; defaults to <c>HEAD</c>.</param>
/// <param name="Message">Build message; defaults to empty.</param>
/// <param name="Env">Build environment, applied to every job below pipeline and step <c>env</c>.</param>
/// <param name="Repository">Repository to check out (<c>BUILDKITE_REPO</c>); null uses the pipeline's stored repository, and a value becomes it.</param>
public sealed record CreateBuildRequest(
    string Pipeline,
    string? Yaml,
    string? FileName = null,
    string? Branch = null,
    string? Commit = null,
    string? Message = null,
    IReadOnlyDictionary<string, string>? Env = null,
    string? Repository = null);
