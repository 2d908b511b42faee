using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

/// <summary>
/// Runs <see cref="BuildkiteScalingPolicy"/> against a live fleet, playing the part of the auto-scaling group around it:
/// <list type="number">
/// <item>Instances whose agents have all been idle for ScaleInIdlePeriod leave as the original's idle self-termination
/// (terminate with desired decrement), but never below MinSize — where the original would terminate and replace, we keep.</item>
/// <item>Instances that went away by themselves (one job done, max uptime, crash) decremented desired, floored at MinSize,
/// and the group launches replacements up to desired — as <c>terminate-instance</c> and the ASG do.</item>
/// <item>The tick sees Desired, InService = running instances (booting ones count only through Desired) and the agents
/// connected to the queue.</item>
/// <item>Out: launch new desired − active. In, and any surplus above desired: drain that many instances, idle ones only.</item>
/// </list>
/// Pure: the caller stores the returned state and carries out the decision.
/// </summary>
internal static class BuildkiteLivePolicy
{
    public static (ScalingDecision Decision, BuildkiteGroupState State) Decide(
        StackDefinition stack, QueueDemand demand, int queueAgents, IReadOnlyList<FleetInstance> instances, BuildkiteGroupState state,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(stack);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(state);
        var active = instances.Where(i => i.IsActive).ToList();
        var desired = state.Desired ?? active.Count;
        var notes = new List<string>();

        // 1. Idle self-termination, longest idle first, while above MinSize.
        var leaving = active
            .Select(i => (Instance: i, IdleFor: ElasticScalingPolicy.IdleFor(i, stack.ScaleInIdlePeriod, now)))
            .Where(c => c.IdleFor is { } idle && idle >= stack.ScaleInIdlePeriod)
            .OrderByDescending(c => c.IdleFor)
            .Take(Math.Max(0, active.Count - stack.Scaling.MinSize))
            .ToList();
        if (leaving.Count > 0)
        {
            notes.Add($"{string.Join(", ", leaving.Select(c => $"{c.Instance.Id} idle {c.IdleFor!.Value.TotalSeconds:0}s"))} ≥ ScaleInIdlePeriod "
                + $"{stack.ScaleInIdlePeriod.TotalSeconds:0}s: self-terminating with decrement");
        }
        var staying = active.Where(i => leaving.All(c => c.Instance.Id != i.Id)).ToList();

        // 2. Every instance that is gone took one off desired, but the group never goes below MinSize.
        var reconciled = Math.Max(Math.Min(desired, staying.Count), stack.Scaling.MinSize);
        if (reconciled != desired)
        {
            notes.Add($"desired {desired} → {reconciled} ({staying.Count} active, MinSize {stack.Scaling.MinSize})");
            desired = reconciled;
        }

        // 3. The original's tick.
        var inService = staying.Count(i => i.State == InstanceState.Running);
        var input = new BuildkiteTickInput(demand.Scheduled, demand.Running, demand.Waiting, queueAgents, desired, inService,
            state.LastScaleOut, state.LastScaleIn, now);
        var tick = BuildkiteScalingPolicy.Decide(stack.Scaling, input);
        var next = state with
        {
            Desired = tick.Desired,
            LastScaleOut = tick.Action == ScalingAction.Out ? now : state.LastScaleOut,
            LastScaleIn = tick.Action == ScalingAction.In ? now : state.LastScaleIn,
        };
        notes.Add($"[{tick.Action.ToName()}] {tick.Reason}");

        // 4. Carry it out as the group would: launch up to desired, remove surplus — but only instances with no busy agent.
        var launch = Math.Max(0, tick.Desired - staying.Count);
        var drain = leaving.Select(c => c.Instance.Id).ToList();
        var surplus = staying.Count - tick.Desired;
        if (surplus > 0)
        {
            var idle = staying
                .Select(i => (Instance: i, IdleFor: ElasticScalingPolicy.IdleFor(i, TimeSpan.MaxValue, now)))
                .Where(c => c.IdleFor is not null)
                .OrderByDescending(c => c.IdleFor)
                .Take(surplus)
                .Select(c => c.Instance.Id)
                .ToList();
            drain.AddRange(idle);
            notes.Add(idle.Count == surplus
                ? $"surplus {surplus} above desired: draining idle {string.Join(", ", idle)}"
                : $"surplus {surplus} above desired but only {idle.Count} instance(s) idle: draining {(idle.Count == 0 ? "none" : string.Join(", ", idle))}, busy agents are never stopped");
        }
        if (launch > 0)
        {
            notes.Add($"have {staying.Count}, launching {launch}");
        }
        return (new ScalingDecision(tick.Desired, launch, drain, string.Join("; ", notes)), next);
    }
}
