namespace ElasticCI.Protocol.Agents;

/// <summary>What the coordinator tells an agent to do next, in heartbeat and job-poll answers.</summary>
public static class AgentActions
{
    /// <summary>Keep working.</summary>
    public const string Continue = "continue";

    /// <summary>A job was handed to the agent (job-poll answers only).</summary>
    public const string Job = "job";

    /// <summary>No job arrived within the poll timeout; ask again (job-poll answers only).</summary>
    public const string None = "none";

    /// <summary>Finish the running job if any, take no new one, then disconnect and exit.</summary>
    public const string Stop = "stop";
}
