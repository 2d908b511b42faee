using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>The stacks this coordinator runs, by name.</summary>
internal sealed class StackRegistry(IEnumerable<StackDefinition> stacks)
{
    public IReadOnlyList<StackRuntime> All { get; } = stacks.Select(s => new StackRuntime(s)).ToList();
}
