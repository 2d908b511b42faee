using System.Text;

namespace ElasticCI.Scaling;

/// <summary>
/// The decision of buildkite-agent-scaler v1.12.0 (not in Elastic CI mode), re-implemented decision for decision so users
/// can compare and migrate: job-based need with the waiting rule, instances by AgentsPerInstance, MaxInstanceCap,
/// the availability boost, the proportional buffer, the Min/Max clamp, routing by InService and Desired, factors,
/// cooldowns and the disable switches, including the original's quirks. Pure: no I/O, no clock but the input's.
/// </summary>
/// <remarks>
/// Counts are 64-bit internally as in the Go original, so huge inputs cannot overflow before the clamp.
/// The Elastic CI mode extras (dangling-instance scans, graceful SSM scale-in, waiting for Pending instances) are not modelled.
/// </remarks>
internal static class BuildkiteScalingPolicy
{
    public static BuildkiteDecision Decide(ScalingParameters p, BuildkiteTickInput input)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(input);

        var why = new StringBuilder();
        var target = Target(p, input, why);
        var desired = input.Desired;
        // While every instance is still booting InService is 0, so the comparison falls back to Desired.
        var current = input.InService > 0 ? input.InService : desired;
        why.Append($"; desired {desired}, in service {input.InService}");
        if (input.InService == 0)
        {
            why.Append(" (current = desired)");
        }

        if (target > current)
        {
            if (target > desired)
            {
                return ScaleOut(p, input, target, why);
            }
            if (target < desired)
            {
                // e.g. Desired 5, 2 InService, 3 still booting, target 4.
                why.Append($"; target {target} > current {current} but < desired {desired}");
                return ScaleIn(p, input, target, why);
            }
            why.Append($"; target {target} > in service {current} but = desired: instances still booting → nothing");
            return new BuildkiteDecision(desired, ScalingAction.None, why.ToString());
        }
        if (desired > target)
        {
            return ScaleIn(p, input, target, why);
        }
        if (current > target)
        {
            // Quirk A of v1.12.0: Desired ≤ target < InService (instances draining above desired) still takes the
            // scale-in path, with a step ≥ 0: it re-sets the same desired (restarting the cooldown) or even raises it.
            why.Append(target == desired
                ? $"; in service {current} > target {target} = desired: scale-in path re-sets desired {desired} (quirk A)"
                : $"; desired {desired} < target {target} < in service {current}: scale-in path raises desired (quirk A)");
            return ScaleIn(p, input, target, why);
        }
        why.Append(" → steady, nothing to do");
        return new BuildkiteDecision(desired, ScalingAction.None, why.ToString());
    }

    /// <summary>need → instances (cap, availability boost) + buffer, clamped to [MinSize, MaxSize].</summary>
    private static int Target(ScalingParameters p, BuildkiteTickInput input, StringBuilder why)
    {
        long s = input.Scheduled, r = input.Running, w = input.Waiting;
        long apr = p.AgentsPerInstance;
        // Waiting jobs replace running ones when there are more of them; they are never added to them.
        var useWaiting = p.ScaleOutForWaitingJobs && w > r;
        var need = s + (useWaiting ? w : r);
        why.Append($"scheduled={s} running={r} waiting={w} → need {need}");
        if (p.ScaleOutForWaitingJobs)
        {
            why.Append(useWaiting ? " (waiting > running: S+W)" : " (waiting ≤ running: S+R)");
        }

        long instances;
        if (need <= 0)
        {
            instances = 0;
            why.Append(" → 0 instances");
        }
        else if (apr <= 0)
        {
            // The 1:1 path skips MaxInstanceCap.
            instances = need;
            why.Append($", APR={apr} ≤ 0 → 1:1, {instances} instances (uncapped)");
        }
        else
        {
            instances = CeilDiv(need, apr);
            why.Append($", APR={apr} → {instances} instances");
            if (p.MaxInstanceCap > 0 && instances > p.MaxInstanceCap)
            {
                instances = p.MaxInstanceCap;
                why.Append($", capped at MaxInstanceCap {p.MaxInstanceCap}");
            }
        }
        instances = AvailabilityBoost(p, input, need, instances, why);

        long buffer = 0;
        if (s > 0 || r > 0 || w > 0)
        {
            // A plain sum here, unlike need.
            var jobs = s + r + (p.ScaleOutForWaitingJobs ? w : 0);
            buffer = Math.Max(apr <= 0 ? jobs : CeilDiv(jobs, apr), 0);
            if (p.MaxInstanceCap > 0)
            {
                buffer = Math.Min(buffer, p.MaxInstanceCap);
            }
            buffer = Math.Min(buffer, p.InstanceBuffer);
            why.Append($", buffer {buffer}");
            if (p.InstanceBuffer != 0)
            {
                why.Append($" (min of InstanceBuffer {p.InstanceBuffer} and {jobs} jobs' instances)");
            }
        }
        else
        {
            why.Append(", buffer 0 (no jobs)");
        }

        var sum = instances + buffer;
        var target = (int)Math.Max(Math.Min(sum, p.MaxSize), p.MinSize);
        why.Append($", clamp {sum} to [{p.MinSize},{p.MaxSize}] → target {target}");
        return target;
    }

    /// <summary>At most one instance above Desired, only with work, only when the group has converged (InService == Desired).</summary>
    private static long AvailabilityBoost(ScalingParameters p, BuildkiteTickInput input, long need, long instances, StringBuilder why)
    {
        var current = input.InService > 0 ? input.InService : input.Desired;
        // The raw AgentsPerInstance, as in the original: with APR ≤ 0 nothing is expected, so availability is 1.
        var expected = (long)p.AgentsPerInstance * current;
        var availability = expected > 0 ? (double)input.Agents / expected : 1.0;
        if (need <= 0 || p.AvailabilityThreshold <= 0 || availability >= p.AvailabilityThreshold)
        {
            return instances;
        }
        why.Append($", agents {input.Agents}/{expected} = {availability:0.###} < AvailabilityThreshold {p.AvailabilityThreshold}");
        if (input.InService != input.Desired)
        {
            why.Append($" but in service {input.InService} ≠ desired {input.Desired} (converging): no boost");
            return instances;
        }
        long goal = input.Desired == 0 ? 1 : input.Desired + 1;
        if (goal > instances)
        {
            why.Append($", converged → boost to {goal}");
            return goal;
        }
        why.Append($", converged, already ≥ {goal}");
        return instances;
    }

    private static BuildkiteDecision ScaleOut(ScalingParameters p, BuildkiteTickInput input, int target, StringBuilder why)
    {
        var desired = input.Desired;
        if (p.DisableScaleOut)
        {
            why.Append($"; scale out to {target} wanted but DisableScaleOut");
            return new BuildkiteDecision(desired, ScalingAction.Disabled, why.ToString());
        }
        if (Cooldown(input.LastScaleOut, input.LastScaleIn, p.ScaleOutCooldownPeriod, p.ScaleOnlyAfterAllEvent, input.Now, "out", "in", why))
        {
            return new BuildkiteDecision(desired, ScalingAction.Cooldown, why.ToString());
        }
        var step = target - desired;
        int next;
        var factor = Math.Abs(p.ScaleOutFactor);
        if (factor != 0)
        {
            // Rounds up, so a factor below 1 always makes progress; it may overshoot the target but never MaxSize.
            var raised = desired + Math.Ceiling(step * factor);
            next = (int)Math.Min(raised, p.MaxSize);
            why.Append($"; step {step} × ScaleOutFactor {factor} rounded up → {raised}");
            if (raised > p.MaxSize)
            {
                why.Append($", capped at MaxSize {p.MaxSize}");
            }
        }
        else
        {
            next = target;
        }
        why.Append($"; desired {desired} → scale out to {next}");
        return new BuildkiteDecision(next, ScalingAction.Out, why.ToString());
    }

    private static BuildkiteDecision ScaleIn(ScalingParameters p, BuildkiteTickInput input, int target, StringBuilder why)
    {
        var desired = input.Desired;
        if (p.DisableScaleIn)
        {
            why.Append($"; scale in to {target} wanted but DisableScaleIn");
            return new BuildkiteDecision(desired, ScalingAction.Disabled, why.ToString());
        }
        if (Cooldown(input.LastScaleIn, input.LastScaleOut, p.ScaleInCooldownPeriod, p.ScaleOnlyAfterAllEvent, input.Now, "in", "out", why))
        {
            return new BuildkiteDecision(desired, ScalingAction.Cooldown, why.ToString());
        }
        var step = target - desired;
        double next;
        var factor = Math.Abs(p.ScaleInFactor);
        if (factor != 0)
        {
            // Rounds toward −∞, so a factor above 1 can overshoot below the target; the floor is MinSize.
            var lowered = desired + Math.Floor(step * factor);
            next = Math.Max(lowered, p.MinSize);
            why.Append($"; step {step} × ScaleInFactor {factor} rounded down → {lowered}");
            if (lowered < p.MinSize)
            {
                why.Append($", raised to MinSize {p.MinSize}");
            }
        }
        else
        {
            next = target;
        }
        var result = (int)Math.Clamp(next, 0, int.MaxValue);
        why.Append($"; desired {desired} → scale in to {result}");
        return new BuildkiteDecision(result, ScalingAction.In, why.ToString());
    }

    /// <summary>True if still cooling down: the cooldown minus the time since the reference event is strictly positive.</summary>
    /// <remarks>Never having scaled in this direction means no cooldown, even if the other direction has a recent event.</remarks>
    private static bool Cooldown(DateTimeOffset? same, DateTimeOffset? other, TimeSpan period, bool afterAll, DateTimeOffset now,
        string direction, string otherDirection, StringBuilder why)
    {
        if (same is not { } reference)
        {
            return false;
        }
        var label = $"last scale-{direction}";
        if (afterAll && other is { } otherAt && otherAt > reference)
        {
            reference = otherAt;
            label = $"last scale-{otherDirection} (ScaleOnlyAfterAllEvent)";
        }
        var elapsed = now - reference;
        if (period - elapsed > TimeSpan.Zero)
        {
            why.Append($"; scale-{direction} cooldown: {elapsed.TotalSeconds:0.###}s since {label} < {period.TotalSeconds:0.###}s → wait");
            return true;
        }
        return false;
    }

    private static long CeilDiv(long value, long divisor) => (value / divisor) + (value % divisor > 0 ? 1 : 0);
}
