namespace ElasticCI.Storage;

/// <summary>Agent states as stored and shown.</summary>
internal static class AgentStates
{
    public const string Idle = "idle";
    public const string Busy = "busy";
    public const string Draining = "draining";
    public const string Disconnected = "disconnected";
    public const string Lost = "lost";

    public static bool IsConnected(string state) => state is Idle or Busy or Draining;
}
