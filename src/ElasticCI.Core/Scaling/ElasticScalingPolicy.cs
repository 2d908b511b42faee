using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

/// <summary>
/// The default policy: desired = ceil((scheduled + running) / AgentsPerInstance) clamped to [MinSize, MaxSize]
/// (the original's formula). Booting instances count, so the same demand never launches twice. Scale-in picks
/// specific instances whose agents have all been idle for ScaleInIdlePeriod and drains them; a busy agent is never touched.
/// </summary>
internal static class ElasticScalingPolicy
{
    public static ScalingDecision Decide(StackDefinition stack, QueueDemand demand, IReadOnlyList<FleetInstance> instances, DateTimeOffset now)
    {
        var need = demand.Scheduled + demand.Running;
        var byDemand = need == 0 ? 0 : (need + stack.AgentsPerInstance - 1) / stack.AgentsPerInstance;
        var desired = Math.Clamp(byDemand, stack.MinSize, stack.MaxSize);
        var active = instances.Where(i => i.IsActive).ToList();
        var inputs = $"scheduled={demand.Scheduled} running={demand.Running} APR={stack.AgentsPerInstance} → need {byDemand}"
            + (desired != byDemand ? $", clamped to {desired} by [MinSize {stack.MinSize}, MaxSize {stack.MaxSize}]" : "")
            + $", have {active.Count}";

        if (desired > active.Count)
        {
            var launch = desired - active.Count;
            return new ScalingDecision(desired, launch, [], $"{inputs}, launching {launch}");
        }
        if (desired < active.Count)
        {
            var surplus = active.Count - desired;
            var drainable = active
                .Select(i => (Instance: i, IdleFor: IdleFor(i, now)))
                .Where(c => c.IdleFor is { } idle && idle >= stack.ScaleInIdlePeriod)
                .OrderByDescending(c => c.IdleFor)
                .ThenBy(c => c.Instance.LaunchedAt)
                .Take(surplus)
                .ToList();
            if (drainable.Count > 0)
            {
                var ids = drainable.Select(c => c.Instance.Id).ToList();
                var detail = string.Join(", ", drainable.Select(c => $"{c.Instance.Id} idle {c.IdleFor!.Value.TotalSeconds:0}s"));
                return new ScalingDecision(desired, 0, ids,
                    $"{inputs}, surplus {surplus}; draining {ids.Count} ({detail} ≥ ScaleInIdlePeriod {stack.ScaleInIdlePeriod.TotalSeconds:0}s)");
            }
            return new ScalingDecision(desired, 0, [], $"{inputs}, surplus {surplus}; no instance idle for {stack.ScaleInIdlePeriod.TotalSeconds:0}s yet");
        }
        return new ScalingDecision(desired, 0, [], $"{inputs}, steady");
    }

    /// <summary>How long every agent of the instance has been idle; null if any is busy or none registered yet.</summary>
    private static TimeSpan? IdleFor(FleetInstance instance, DateTimeOffset now)
    {
        if (instance.State != InstanceState.Running || instance.Agents.Count == 0 || instance.Agents.Any(a => a.Busy || a.IdleSince is null))
        {
            return null;
        }
        var since = instance.Agents.Max(a => a.IdleSince!.Value);
        return now - since;
    }
}
