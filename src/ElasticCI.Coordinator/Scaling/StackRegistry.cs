using System.Collections.Immutable;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>The stacks this coordinator runs, by name; stacks come and go when a new configuration is applied.</summary>
internal sealed class StackRegistry(IEnumerable<StackDefinition> stacks, int? maxInstances = null)
{
    private readonly Lock _gate = new();
    private ImmutableList<StackRuntime> _all = [.. stacks.Select(s => new StackRuntime(s))];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Every stack, in configuration order (removed stacks stay until their instances are gone).</summary>
    public IReadOnlyList<StackRuntime> All => _all;

    /// <summary>The global instance budget; null for none.</summary>
    public int? MaxInstances { get; set; } = maxInstances;

    /// <summary>Completes when a stack is added.</summary>
    public Task Added
    {
        get
        {
            lock (_gate)
            {
                return _added.Task;
            }
        }
    }

    public StackRuntime? Find(string name) => _all.FirstOrDefault(s => s.Definition.Name == name && !s.Removed);

    public void Add(StackRuntime stack)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _all = _all.Add(stack);
            added = _added;
            _added = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    public void Remove(StackRuntime stack)
    {
        lock (_gate)
        {
            _all = _all.Remove(stack);
        }
    }
}
