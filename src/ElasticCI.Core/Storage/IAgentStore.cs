namespace ElasticCI.Storage;

/// <summary>Agents and their leases.</summary>
internal interface IAgentStore
{
    /// <summary>Registers an agent; if its instance is draining the agent starts out draining.</summary>
    Task<AgentRecord> RegisterAsync(NewAgent agent, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The connected agent holding this token hash, or null.</summary>
    Task<AgentRecord?> FindByTokenHashAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Renews the lease; returns the agent and the ids of its jobs that must be stopped.</summary>
    Task<(AgentRecord Agent, IReadOnlyList<string> CancelJobs)> HeartbeatAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The agent leaves; a job it still held is lost.</summary>
    Task DisconnectAsync(string agentId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Agents silent since <paramref name="heartbeatBefore"/> are lost, and so are their jobs. Returns how many agents.</summary>
    Task<int> MarkLostAsync(DateTimeOffset heartbeatBefore, DateTimeOffset now, CancellationToken cancellationToken);

    Task<AgentRecord?> GetAgentAsync(string agentId, CancellationToken cancellationToken);
}
