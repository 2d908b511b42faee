using ElasticCI.Storage;

namespace ElasticCI.Scaling;

/// <summary>
/// Finds "dangling" instances: alive as far as the provider knows, but without a live agent for the grace period
/// (the original's Elastic CI Mode scan, without its one-hour floor). Pure: the clock is an argument.
/// </summary>
internal static class DanglingInstances
{
    /// <summary>Running or draining instances none of whose agents is connected, the last heard of at least <paramref name="grace"/> ago.</summary>
    public static IReadOnlyList<(string InstanceId, string Reason)> Find(IReadOnlyList<InstanceRecord> instances, TimeSpan grace, DateTimeOffset now)
    {
        var found = new List<(string, string)>();
        foreach (var instance in instances.Where(i => i.State is InstanceState.Running or InstanceState.Draining))
        {
            if (instance.Agents.Any(a => AgentStates.Parse(a.State).IsConnected()))
            {
                continue;
            }
            // With no agent record at all the instance is still Pending, which InstanceCreationTimeout covers.
            var lastHeard = instance.Agents.Count == 0 ? instance.LaunchedAt : instance.Agents.Max(a => a.LastHeartbeatAt);
            if (now - lastHeard >= grace)
            {
                found.Add((instance.Id, $"dangling: no live agent since {lastHeard:O} ({(now - lastHeard).TotalSeconds:0}s ≥ DanglingInstanceGracePeriod {grace.TotalSeconds:0}s); terminating it hard"));
            }
        }
        return found;
    }
}
