namespace ElasticCI.Coordinator.Observability;

/// <summary>A stack at one sample: its queue's scheduled and running jobs, desired instances and instances by state.</summary>
internal sealed record StackSample(string Name, string Queue, int Scheduled, int Running, int Desired, IReadOnlyDictionary<string, int> InstancesByState)
{
    public int RunningInstances => InstancesByState.GetValueOrDefault("running");
}
