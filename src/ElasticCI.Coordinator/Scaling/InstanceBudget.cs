using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Applies the global <c>MaxInstances</c> budget across stacks (<see cref="InstanceBudgetShare"/> has the fair share rule).
/// The stack loops run concurrently, so the count and the launches it allows happen under one lock: two stacks can
/// never both spend the same free slot.
/// </summary>
internal sealed class InstanceBudget(StackRegistry stacks, IFleetStore fleet, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Holds the budget while the caller counts and launches; without a budget nothing is held.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (stacks.MaxInstances is null)
        {
            return NoLock.Instance;
        }
        await _gate.WaitAsync(cancellationToken);
        return new Release(_gate);
    }

    /// <summary>How many of <paramref name="requested"/> launches <paramref name="stack"/> may make now; call inside <see cref="EnterAsync"/>.</summary>
    public async Task<(int Allowed, string? Explanation)> AllowAsync(StackRuntime stack, int requested, CancellationToken cancellationToken)
    {
        if (stacks.MaxInstances is not { } max)
        {
            return (requested, null);
        }
        var all = stacks.All;
        var counts = new List<(int Active, int Wanted)>(all.Count);
        var now = time.GetUtcNow();
        foreach (var other in all)
        {
            var active = (await fleet.ListInstancesAsync(other.Definition.Name, now, cancellationToken))
                .Count(i => i.State != InstanceState.Terminated);
            counts.Add((active, other == stack ? active + requested : Math.Max(active, Math.Max(other.Wanted, await EstimateAsync(other, cancellationToken)))));
        }
        var index = all.ToList().IndexOf(stack);
        stack.Wanted = counts[index].Wanted;
        var (allowed, explanation) = InstanceBudgetShare.Allow(max, counts, index, requested);
        return (allowed, allowed < requested ? $"limited by the global budget: {explanation}" : null);
    }

    /// <summary>
    /// What another stack needs from its own queue right now, so its fair share is reserved even before its loop has
    /// ticked (the loops run concurrently; the first to tick must not take the whole budget).
    /// </summary>
    private async Task<int> EstimateAsync(StackRuntime other, CancellationToken cancellationToken)
    {
        var d = other.Definition;
        var demand = await fleet.GetQueueDemandAsync(d.Queue, cancellationToken);
        var need = demand.Scheduled + demand.Running;
        return Math.Clamp(need == 0 ? 0 : (need + d.Scaling.AgentsPerInstance - 1) / d.Scaling.AgentsPerInstance, d.Scaling.MinSize, d.Scaling.MaxSize);
    }

    private sealed class NoLock : IDisposable
    {
        public static readonly NoLock Instance = new();

        public void Dispose()
        {
        }
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
