namespace ElasticCI.Protocol.Stacks;

/// <summary>A new <c>elastic-ci.yml</c> to apply to a running coordinator.</summary>
/// <param name="Yaml">The whole file's text.</param>
/// <param name="FileName">Name used in error messages; default <c>elastic-ci.yml</c>.</param>
public sealed record ApplyStackConfigRequest(string Yaml, string? FileName);
