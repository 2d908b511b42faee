namespace ElasticCI.Agent.Health;

/// <summary>Values of <see cref="WorkerSnapshot.State"/>.</summary>
internal static class WorkerStates
{
    public const string Starting = "starting";
    public const string Idle = "idle";
    public const string Busy = "busy";
    public const string Stopping = "stopping";
}
