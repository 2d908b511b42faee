namespace ElasticCI.Storage;

/// <summary>Agents for people to look at (the dashboard's agents page).</summary>
internal interface IAgentDirectory
{
    /// <summary>Connected agents, then those that left since <paramref name="goneSince"/>, newest registration first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AgentRecord>> ListAgentsAsync(DateTimeOffset goneSince, int limit, CancellationToken cancellationToken);
}
