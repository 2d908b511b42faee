namespace ElasticCI.Storage;

/// <summary>Agent states; wire and stored names in <see cref="AgentStates"/>.</summary>
internal enum AgentState
{
    Idle,
    Busy,
    Draining,
    Disconnected,
    Lost,
}
