using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

/// <summary>
/// Runs <see cref="ElasticScalingPolicy"/> on a dry-run tick. The input only has group sizes, so the group becomes
/// <c>inService</c> Running instances and <c>desired − inService</c> Pending ones, each with idle agents whose idle
/// start is unknown. The elastic policy drains only instances idle for ScaleInIdlePeriod, so this dry-run never
/// scales in; the reason says so.
/// </summary>
internal static class ElasticDryRunPolicy
{
    private const string DryRunInstancePrefix = "dry-run-";

    public static BuildkiteDecision Decide(ScalingParameters p, BuildkiteTickInput input)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(p.AgentsPerInstance, 1);

        // The same parameters the live elastic policy reads, so a dry run decides exactly as a tick would.
        var stack = new StackDefinition { Name = "dry-run", Scaling = p };
        var instances = new List<FleetInstance>();
        for (var i = 0; i < Math.Max(input.InService, input.Desired); i++)
        {
            var state = i < input.InService ? InstanceState.Running : InstanceState.Pending;
            var agents = state == InstanceState.Running
                ? Enumerable.Range(0, p.AgentsPerInstance).Select(a => new FleetAgent($"{DryRunInstancePrefix}{i}-{a}", Busy: false, IdleSince: null)).ToList()
                : [];
            instances.Add(new FleetInstance($"{DryRunInstancePrefix}{i}", state, input.Now, agents));
        }

        var decision = ElasticScalingPolicy.Decide(stack, new QueueDemand(input.Scheduled, input.Running, input.Waiting), instances, input.Now);
        var reason = decision.Reason + Ignored(p);
        if (decision.Launch > 0)
        {
            return new BuildkiteDecision(instances.Count + decision.Launch, ScalingAction.Out, reason);
        }
        if (decision.Desired < instances.Count)
        {
            // Honest about the limits of the input: the real scaler would drain instances idle long enough.
            return new BuildkiteDecision(instances.Count, ScalingAction.None,
                $"{reason}; scale-in needs per-instance idle times, which the dry-run input lacks, so nothing is drained");
        }
        return new BuildkiteDecision(instances.Count, ScalingAction.None, reason);
    }

    /// <summary>Names the parameters that were set away from their defaults but mean nothing to the elastic policy.</summary>
    private static string Ignored(ScalingParameters p)
    {
        var defaults = new ScalingParameters();
        var ignored = new List<string>();
        Check(p.ScaleInFactor != defaults.ScaleInFactor, nameof(p.ScaleInFactor));
        Check(p.ScaleOutCooldownPeriod != defaults.ScaleOutCooldownPeriod, nameof(p.ScaleOutCooldownPeriod));
        Check(p.ScaleInCooldownPeriod != defaults.ScaleInCooldownPeriod, nameof(p.ScaleInCooldownPeriod));
        Check(p.ScaleOnlyAfterAllEvent != defaults.ScaleOnlyAfterAllEvent, nameof(p.ScaleOnlyAfterAllEvent));
        Check(p.DisableScaleIn != defaults.DisableScaleIn, nameof(p.DisableScaleIn));
        Check(p.ScaleOutForWaitingJobs != defaults.ScaleOutForWaitingJobs, nameof(p.ScaleOutForWaitingJobs));
        Check(p.AvailabilityThreshold != defaults.AvailabilityThreshold, nameof(p.AvailabilityThreshold));
        return ignored.Count == 0 ? "" : $" (the elastic policy ignores {string.Join(", ", ignored)})";

        void Check(bool changed, string name)
        {
            if (changed)
            {
                ignored.Add(name);
            }
        }
    }
}
