namespace ElasticCI.Scaling;

/// <summary>
/// The global instance budget (<c>MaxInstances</c>) shared by every stack. Fair share rule: each stack is guaranteed
/// <c>floor(MaxInstances / stacks)</c> instances (the remainder goes to the first stacks in file order) whenever it has
/// demand for them; budget beyond a stack's share is first come, first served, except the part other stacks need to
/// reach their own share (their "reserve"). Instances already running are never taken away: the budget only limits launches.
/// </summary>
internal static class InstanceBudgetShare
{
    /// <param name="maxInstances">The global budget.</param>
    /// <param name="stacks">Every stack in file order: its live instances (draining ones too: they still occupy a machine) and how many it wants.</param>
    /// <param name="index">The stack asking.</param>
    /// <param name="requested">Launches it asks for.</param>
    public static (int Allowed, string Explanation) Allow(int maxInstances, IReadOnlyList<(int Active, int Wanted)> stacks, int index, int requested)
    {
        ArgumentNullException.ThrowIfNull(stacks);
        var inUse = stacks.Sum(s => s.Active);
        var free = Math.Max(0, maxInstances - inUse);
        var own = stacks[index];
        var share = Share(maxInstances, stacks.Count, index);
        var ownShareLeft = Math.Min(Math.Max(0, share - own.Active), free);
        var reserved = 0;
        for (var i = 0; i < stacks.Count; i++)
        {
            if (i != index)
            {
                var other = stacks[i];
                reserved += Math.Max(0, Math.Min(Share(maxInstances, stacks.Count, i), other.Wanted) - other.Active);
            }
        }
        var beyond = Math.Max(0, free - ownShareLeft - reserved);
        var allowed = Math.Max(0, Math.Min(requested, ownShareLeft + beyond));
        var explanation = $"global MaxInstances {maxInstances}: {inUse} in use, {free} free, fair share {share} (has {own.Active}), {reserved} reserved for other stacks' shares → {allowed} of {requested} allowed";
        return (allowed, explanation);
    }

    public static int Share(int maxInstances, int stackCount, int index)
        => stackCount == 0 ? 0 : maxInstances / stackCount + (index < maxInstances % stackCount ? 1 : 0);
}
