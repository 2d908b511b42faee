using ElasticCI.Scaling;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// Carries out rolling updates (<see cref="RollingUpdatePlanner"/>) and the removal of stacks dropped from the
/// configuration. Every step is a scaling event with its reason; launches are left to the scaler (they share its budget).
/// </summary>
internal sealed class RollingUpdater(IRolloutStore rollouts, IFleetStore fleet, FleetManager fleetManager, TimeProvider time)
{
    /// <summary>This tick's rolling-update step for <paramref name="stack"/>, given the policy's decision.</summary>
    public async Task<RolloutStep> PlanAsync(StackRuntime stack, ScalingDecision decision, IReadOnlyList<FleetInstance> view, CancellationToken cancellationToken)
    {
        var definition = stack.Definition;
        var revision = stack.Revision;
        var revisions = await rollouts.ListInstanceRevisionsAsync(definition.Name, cancellationToken);
        var step = RollingUpdatePlanner.Plan(decision.Desired, decision.Launch, view,
            id => revisions.TryGetValue(id, out var r) && r != revision, definition.MaxSurge, definition.MaxUnavailable);
        if (stack.Rollout is { InProgress: true } && !step.InProgress)
        {
            await fleet.AddScalingEventAsync(new ScalingEvent(definition.Name, time.GetUtcNow(), "rollout-done",
                $"rolling update to revision {revision} complete: every instance runs it ({step.Updated} active)", null), cancellationToken);
        }
        stack.Rollout = step.InProgress ? step : null;
        return step;
    }

    /// <summary>Drains idle outdated instances and retires busy ones, as planned.</summary>
    public async Task ApplyAsync(StackRuntime stack, RolloutStep step, CancellationToken cancellationToken)
    {
        foreach (var id in step.Drain)
        {
            // The store re-checks under its lock: an instance that took a job meanwhile is skipped and retried next tick.
            await fleetManager.TryDrainAsync(stack, id, $"revision {stack.Revision}: {step.Reason}", cancellationToken);
        }
        foreach (var id in step.Retire)
        {
            await fleetManager.RetireAsync(stack, id, $"revision {stack.Revision}: {step.Reason}", cancellationToken);
        }
    }

    /// <summary>
    /// One tick of a removed stack: idle instances drain, busy ones retire (finish their job, take no other). True once
    /// nothing of the stack is left, so its loop can end.
    /// </summary>
    public async Task<bool> RemoveStepAsync(StackRuntime stack, IReadOnlyList<FleetInstance> view, CancellationToken cancellationToken)
    {
        var live = view.Where(i => i.State != InstanceState.Terminated).ToList();
        foreach (var instance in live.Where(i => i.IsActive))
        {
            var reason = $"stack {stack.Definition.Name} was removed from the configuration";
            if (instance.Agents.Any(a => a.Busy))
            {
                await fleetManager.RetireAsync(stack, instance.Id, reason + ": busy, retiring after its job", cancellationToken);
            }
            else
            {
                await fleetManager.TryDrainAsync(stack, instance.Id, reason + ": draining", cancellationToken);
            }
        }
        if (live.Count > 0)
        {
            return false;
        }
        await fleet.AddScalingEventAsync(new ScalingEvent(stack.Definition.Name, time.GetUtcNow(), "removed",
            "stack removed from the configuration: all its instances are gone, its scaler stopped", null), cancellationToken);
        return true;
    }
}
