using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

/// <summary>
/// The default policy: desired = ceil((scheduled + running) / AgentsPerInstance), capped at MaxInstanceCap, plus the
/// original's proportional InstanceBuffer (only while there are jobs), clamped to [MinSize, MaxSize]. Booting instances
/// count, so the same demand never launches twice. A scale-out step is multiplied by ScaleOutFactor (rounded up, never
/// past MaxSize); DisableScaleOut launches only up to MinSize. Scale-in picks specific instances whose agents have all
/// been idle for ScaleInIdlePeriod (0 = never, as the original) and drains them; a busy agent is never touched.
/// </summary>
/// <remarks>
/// DisableScaleIn is not consulted: the idle drain stands for the original agents' own idle exit, which happens whatever
/// DisableScaleIn says (it only stops the original scaler from lowering desired capacity).
/// </remarks>
internal static class ElasticScalingPolicy
{
    public static ScalingDecision Decide(StackDefinition stack, QueueDemand demand, IReadOnlyList<FleetInstance> instances, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(demand);
        var need = demand.Scheduled + demand.Running;
        var apr = stack.Scaling.AgentsPerInstance;
        var byDemand = need == 0 ? 0 : (need + apr - 1) / apr;
        var inputs = $"scheduled={demand.Scheduled} running={demand.Running} APR={apr} → need {byDemand}";
        var instancesForJobs = byDemand;
        if (stack.Scaling.MaxInstanceCap > 0 && byDemand > stack.Scaling.MaxInstanceCap)
        {
            byDemand = stack.Scaling.MaxInstanceCap;
            inputs += $", capped at MaxInstanceCap {stack.Scaling.MaxInstanceCap}";
        }
        if (need > 0 && stack.Scaling.InstanceBuffer > 0)
        {
            // The original's proportional buffer: at most the instances the jobs need (capped), at most InstanceBuffer.
            var buffer = Math.Min(stack.Scaling.MaxInstanceCap > 0 ? Math.Min(instancesForJobs, stack.Scaling.MaxInstanceCap) : instancesForJobs, stack.Scaling.InstanceBuffer);
            byDemand += buffer;
            inputs += $", + buffer {buffer} (InstanceBuffer {stack.Scaling.InstanceBuffer}) = {byDemand}";
        }
        var desired = Math.Clamp(byDemand, stack.Scaling.MinSize, stack.Scaling.MaxSize);
        var active = instances.Where(i => i.IsActive).ToList();
        inputs += (desired != byDemand ? $", clamped to {desired} by [MinSize {stack.Scaling.MinSize}, MaxSize {stack.Scaling.MaxSize}]" : "")
            + $", have {active.Count}";

        if (desired > active.Count && stack.Scaling.DisableScaleOut)
        {
            // Like an ASG whose scaler may not raise desired: only MinSize is still enforced.
            var floor = Math.Max(active.Count, stack.Scaling.MinSize);
            inputs += $", DisableScaleOut → at most max(have, MinSize) = {floor}";
            desired = floor;
        }
        if (desired > active.Count)
        {
            var launch = desired - active.Count;
            var factor = Math.Abs(stack.Scaling.ScaleOutFactor);
            if (factor != 0 && factor != 1)
            {
                var stepped = (int)Math.Min(Math.Ceiling(launch * factor), stack.Scaling.MaxSize - active.Count);
                inputs += $", step {launch} × ScaleOutFactor {factor} rounded up → {stepped}";
                launch = Math.Max(stepped, 0);
                desired = active.Count + launch;
            }
            if (launch > 0)
            {
                return new ScalingDecision(desired, launch, [], $"{inputs}, launching {launch}");
            }
        }
        if (desired < active.Count)
        {
            var surplus = active.Count - desired;
            var drainable = active
                .Select(i => (Instance: i, IdleFor: IdleFor(i, stack.ScaleInIdlePeriod, now)))
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
            return new ScalingDecision(desired, 0, [], stack.ScaleInIdlePeriod <= TimeSpan.Zero
                ? $"{inputs}, surplus {surplus}; ScaleInIdlePeriod 0: idle instances are kept"
                : $"{inputs}, surplus {surplus}; no instance idle for {stack.ScaleInIdlePeriod.TotalSeconds:0}s yet");
        }
        return new ScalingDecision(desired, 0, [], $"{inputs}, steady");
    }

    /// <summary>How long every agent of the instance has been idle; null if any is busy, none registered yet, or idle drains are off (period 0).</summary>
    internal static TimeSpan? IdleFor(FleetInstance instance, TimeSpan period, DateTimeOffset now)
    {
        if (period <= TimeSpan.Zero || instance.State != InstanceState.Running || instance.Agents.Count == 0 || instance.Agents.Any(a => a.Busy || a.IdleSince is null))
        {
            return null;
        }
        var since = instance.Agents.Max(a => a.IdleSince!.Value);
        return now - since;
    }
}
