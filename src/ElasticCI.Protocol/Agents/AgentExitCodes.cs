namespace ElasticCI.Protocol.Agents;

/// <summary>
/// The agent process's exit codes: what the agent reports on exit and what the coordinator reads back when an
/// instance's agent process ends (the local provider's instance exit code is the agent host's).
/// </summary>
public static class AgentExitCodes
{
    /// <summary>All agents disconnected normally (after a job, after uptime or idle time, or told to stop).</summary>
    public const int Ok = 0;

    /// <summary>An agent could not register with the coordinator.</summary>
    public const int RegistrationFailed = 1;

    /// <summary>The coordinator revoked the agent's access: it was declared lost.</summary>
    public const int Lost = 3;

    /// <summary>An agent marked itself unhealthy (the disk-space check with <c>--disk-full-action unhealthy</c>) and exited.</summary>
    public const int Unhealthy = 4;
}
