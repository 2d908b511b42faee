namespace ElasticCI.Simulator;

/// <summary>One agent of a simulated instance: running a job, or idle since a moment.</summary>
internal sealed class AgentSlot
{
    public SimJob? Job { get; set; }

    public DateTimeOffset IdleSince { get; set; }
}
