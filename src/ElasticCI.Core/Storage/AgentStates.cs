namespace ElasticCI.Storage;

/// <summary>Wire and stored names of <see cref="AgentState"/>, in the style of <c>JobStates</c>: lower case.</summary>
internal static class AgentStates
{
    private static readonly Dictionary<string, AgentState> ByName = Enum.GetValues<AgentState>().ToDictionary(ToName, s => s, StringComparer.Ordinal);

    public static string ToName(this AgentState state) => state.ToString().ToLowerInvariant();

    public static AgentState Parse(string name)
        => ByName.TryGetValue(name, out var state) ? state : throw new FormatException($"Unknown agent state '{name}'.");

    /// <summary>Connected to the coordinator (heartbeating), whether working or not.</summary>
    public static bool IsConnected(this AgentState state) => state is AgentState.Idle or AgentState.Busy or AgentState.Draining;

    /// <summary>A final state: the agent is gone and a reconnect registers a new one.</summary>
    public static bool IsTerminal(this AgentState state) => state is AgentState.Disconnected or AgentState.Lost;
}
