using ElasticCI.Coordinator.Hosting;
using ElasticCI.Coordinator.Metrics;
using ElasticCI.Scaling;
using ElasticCI.Stacks;
using ElasticCI.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>
/// One loop per stack: wakes when jobs or agents change (within milliseconds of a job being scheduled) or at
/// <see cref="CoordinatorOptions.ScalerInterval"/>, asks the policy, and carries out its decision.
/// </summary>
internal sealed partial class ScalerService(
    StackRegistry stacks, IFleetStore fleet, FleetManager fleetManager, IClusterSignal signal,
    IOptions<CoordinatorOptions> options, TimeProvider time, ILogger<ScalerService> logger,
    DemandReader demandReader, RollingUpdater rollingUpdater, InstanceBudget budget, LeaderGate gate) : BackgroundService
{
    /// <summary>The scaler (and with it rolling updates) runs once in the cluster: on the leader, for as long as it leads.</summary>
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => gate.RunWhileLeadingAsync("scaler", LeadAsync, stoppingToken);

    private async Task LeadAsync(CancellationToken stoppingToken)
    {
        // Before any tick: a tick must see the instances a previous run left as they really are (adopted or gone). Once per
        // process: in a later term this replica's own live instances are not left over from anything.
        if (!fleetManager.StartupReconciled.IsCompleted)
        {
            await fleetManager.ReconcileStartupAsync(stacks.All, stoppingToken);
        }
        // Stacks added by a configuration reload get their loop here; a removed stack's loop ends by itself.
        var loops = new Dictionary<StackRuntime, Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            var added = stacks.Added;
            foreach (var stack in stacks.All.Where(s => !loops.ContainsKey(s)))
            {
                loops[stack] = RunStackAsync(stack, stoppingToken);
            }
            await added.WaitAsync(stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        await Task.WhenAll(loops.Values);
    }

    internal async Task<ScalingDecision> RunOnceAsync(StackRuntime stack, CancellationToken cancellationToken)
    {
        var definition = stack.Definition;
        if (!gate.IsLeading)
        {
            // Fencing: a replica paused past its lease must not act on what it read before the pause.
            return new ScalingDecision(0, 0, [], "not the leader");
        }
        var now = time.GetUtcNow();
        var instances = await fleet.ListInstancesAsync(definition.Name, now, cancellationToken);
        var view = instances.Select(ToFleetInstance).ToList();
        if (stack.Removed)
        {
            if (await rollingUpdater.RemoveStepAsync(stack, view, cancellationToken))
            {
                stacks.Remove(stack);
            }
            return new ScalingDecision(0, 0, [], "stack removed");
        }
        var (demand, remoteAgents, demandNote) = await demandReader.ReadAsync(definition, cancellationToken);
        foreach (var stuck in view.Where(i => i.State == InstanceState.Pending && now - i.LaunchedAt > definition.InstanceCreationTimeout))
        {
            if (!stack.Abandoned.Add(stuck.Id))
            {
                continue;
            }
            if (!await fleetManager.AbandonAsync(stack, stuck.Id,
                $"no agent registered within InstanceCreationTimeout {definition.InstanceCreationTimeout.TotalSeconds:0}s of launch", cancellationToken))
            {
                // Fenced (the term ends too soon for the provider call): the next term abandons it.
                stack.Abandoned.Remove(stuck.Id);
            }
        }

        var previous = stack.LastDecision?.Desired ?? view.Count(i => i.IsActive);
        var agents = remoteAgents ?? (definition.Policy == StackPolicies.Buildkite ? await fleet.CountConnectedAgentsAsync(definition.Queue, cancellationToken) : 0);
        var decision = Decide(stack, demand, agents, view, now);
        if (demandNote is not null)
        {
            decision = decision with { Reason = $"{demandNote}; {decision.Reason}" };
        }
        var rollout = await rollingUpdater.PlanAsync(stack, decision, view, cancellationToken);
        using (await budget.EnterAsync(cancellationToken))
        {
            // The budget covers the policy's launches and the rolling update's replacements alike.
            var (allowed, limited) = await budget.AllowAsync(stack, decision.Launch + rollout.Launch, cancellationToken);
            if (limited is not null)
            {
                var policyLaunch = Math.Min(decision.Launch, allowed);
                decision = decision with { Desired = decision.Desired - (decision.Launch - policyLaunch), Launch = policyLaunch, Reason = $"{decision.Reason}; {limited}" };
                rollout = rollout with { Launch = allowed - policyLaunch, Reason = $"{rollout.Reason}; {limited}" };
            }
            if (!gate.IsLeading)
            {
                return new ScalingDecision(0, 0, [], "not the leader");
            }
            stack.LastDecision = decision;
            if (decision.Desired != previous)
            {
                await fleetManager.RecordDecisionAsync(stack, $"{definition.Policy}: desired {previous} → {decision.Desired}: {decision.Reason}", cancellationToken);
            }
            for (var i = 0; i < decision.Launch; i++)
            {
                await fleetManager.LaunchAsync(stack, decision.Reason, cancellationToken);
            }
            for (var i = 0; i < rollout.Launch; i++)
            {
                await fleetManager.LaunchAsync(stack, $"revision {stack.Revision}: {rollout.Reason}", cancellationToken);
            }
        }
        await rollingUpdater.ApplyAsync(stack, rollout, cancellationToken);
        foreach (var instanceId in decision.Drain)
        {
            // The store re-checks under its lock; an instance that took a job meanwhile is simply skipped.
            await fleetManager.TryDrainAsync(stack, instanceId, decision.Reason, cancellationToken);
        }
        return decision;
    }

    /// <summary>Runs the stack's policy with its effective MinSize (scheduled scaling) and keeps the buildkite group state.</summary>
    internal static ScalingDecision Decide(StackRuntime stack, QueueDemand demand, int queueAgents, IReadOnlyList<FleetInstance> view, DateTimeOffset now)
    {
        var definition = stack.Definition;
        var (minSize, schedule) = ScheduledMinSize.Effective(definition, now);
        var effective = definition with { Scaling = definition.Scaling with { MinSize = Math.Min(minSize, definition.Scaling.MaxSize) } };
        ScalingDecision decision;
        if (definition.Policy == StackPolicies.Buildkite)
        {
            (decision, var group) = BuildkiteLivePolicy.Decide(effective, demand, queueAgents, view, stack.Group, now);
            stack.Group = group;
        }
        else
        {
            decision = ElasticScalingPolicy.Decide(effective, demand, view, now);
        }
        return schedule.Length == 0 ? decision : decision with { Reason = $"{schedule}; {decision.Reason}" };
    }

    private async Task RunStackAsync(StackRuntime stack, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested && (!stack.Removed || stacks.All.Contains(stack)))
        {
            var changed = signal.Changed;
            var delay = options.Value.ScalerInterval;
            try
            {
                await RunOnceAsync(stack, stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                Log.TickFailed(logger, failures < 3 ? LogLevel.Debug : LogLevel.Error, stack.Definition.Name, failures, ex);
                delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, failures)));
            }
            await Task.WhenAny(changed, Task.Delay(delay, time, stoppingToken));
        }
    }

    private static FleetInstance ToFleetInstance(InstanceRecord instance) => new(
        instance.Id,
        instance.State,
        instance.LaunchedAt,
        instance.Agents.Where(a => AgentStates.Parse(a.State).IsConnected())
            .Select(a => new FleetAgent(a.Id, a.State == AgentState.Busy.ToName(), a.IdleSince))
            .ToList());

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.ScalerServiceTickFailed, Message = "Scaler tick for stack {Stack} failed {Count} time(s) in a row")]
        public static partial void TickFailed(ILogger logger, LogLevel level, string stack, int count, Exception exception);
    }
}
