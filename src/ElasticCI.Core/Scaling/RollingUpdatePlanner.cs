namespace ElasticCI.Scaling;

/// <summary>
/// Replaces outdated instances (launched with an older instance revision) gradually, with Kubernetes-style
/// MaxSurge / MaxUnavailable: at most <c>desired + MaxSurge</c> instances are active, and at least
/// <c>desired - MaxUnavailable</c> are serving (ready new-revision instances plus outdated ones still taking work).
/// Outdated instances leave only by draining: an idle one is drained; a busy one is retired (takes no new job, exits
/// after its current one) and only when a ready replacement keeps availability. A running job is never interrupted.
/// Outdated instances still booting serve nobody and are drained at once.
/// </summary>
internal static class RollingUpdatePlanner
{
    /// <param name="desired">The policy's desired capacity this tick.</param>
    /// <param name="policyLaunch">Instances the policy launches this tick (all on the new revision).</param>
    /// <param name="instances">The stack's instances, any state.</param>
    /// <param name="isOutdated">Whether an instance id was launched with an older revision.</param>
    public static RolloutStep Plan(int desired, int policyLaunch, IReadOnlyList<FleetInstance> instances, Func<string, bool> isOutdated, int maxSurge, int maxUnavailable)
    {
        ArgumentNullException.ThrowIfNull(instances);
        ArgumentNullException.ThrowIfNull(isOutdated);
        var live = instances.Where(i => i.State != InstanceState.Terminated).ToList();
        var active = live.Where(i => i.IsActive).ToList();
        var outdatedLive = live.Count(i => isOutdated(i.Id));
        var fresh = active.Count(i => !isOutdated(i.Id));
        var outdated = active.Where(i => isOutdated(i.Id)).ToList();
        if (outdatedLive == 0)
        {
            return RolloutStep.None(fresh);
        }

        var activeAfter = active.Count + policyLaunch;
        var freshAfter = fresh + policyLaunch;
        var launch = Math.Max(0, Math.Min(desired - freshAfter, desired + maxSurge - activeAfter));
        var ready = active.Count(i => !isOutdated(i.Id) && IsReady(i));
        var serving = outdated.Where(IsReady).ToList();
        var available = ready + serving.Count;
        var minAvailable = Math.Max(0, desired - maxUnavailable);

        var drain = outdated.Where(i => !IsReady(i)).Select(i => i.Id).ToList();
        var retire = new List<string>();
        // Idle ones first (nothing to wait for), oldest first.
        foreach (var instance in serving.OrderBy(i => i.Agents.Any(a => a.Busy) ? 1 : 0).ThenBy(i => i.LaunchedAt))
        {
            if (available - 1 < minAvailable)
            {
                break;
            }
            available--;
            (instance.Agents.Any(a => a.Busy) ? retire : drain).Add(instance.Id);
        }

        var reason = $"rolling update: {outdatedLive} outdated ({outdated.Count} active), {fresh} updated, desired {desired}"
            + $", MaxSurge {maxSurge} → at most {desired + maxSurge} active, MaxUnavailable {maxUnavailable} → at least {minAvailable} serving (now {ready} ready updated + {serving.Count} outdated)";
        reason += launch > 0 ? $"; launching {launch} replacement(s)" : "";
        reason += drain.Count > 0 ? $"; draining idle/booting outdated {string.Join(", ", drain)}" : "";
        reason += retire.Count > 0 ? $"; retiring busy outdated {string.Join(", ", retire)} (takes no new job, exits after its current one)" : "";
        if (launch == 0 && drain.Count == 0 && retire.Count == 0)
        {
            reason += "; waiting for replacements to become ready or outdated instances to finish";
        }
        return new RolloutStep(launch, drain, retire, outdatedLive, fresh, reason);
    }

    /// <summary>Registered agents and taking work: the instance serves its queue.</summary>
    private static bool IsReady(FleetInstance instance) => instance.State == InstanceState.Running && instance.Agents.Count > 0;
}
