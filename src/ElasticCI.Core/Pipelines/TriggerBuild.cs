namespace ElasticCI.Pipelines;

/// <summary>A trigger step's <c>build</c> attributes; null strings mean "the triggered pipeline's default".</summary>
internal sealed record TriggerBuild(
    string? Message,
    string? Commit,
    string? Branch,
    IReadOnlyDictionary<string, string> Env,
    IReadOnlyDictionary<string, string> MetaData)
{
    public static TriggerBuild Empty { get; } = new(null, null, null, new Dictionary<string, string>(), new Dictionary<string, string>());
}
