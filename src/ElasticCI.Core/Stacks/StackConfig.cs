namespace ElasticCI.Stacks;

/// <summary>A whole <c>elastic-ci.yml</c>: its stacks and the optional global instance budget.</summary>
internal sealed record StackConfig(IReadOnlyList<StackDefinition> Stacks, int? MaxInstances);
