namespace ElasticCI.Agent.Jobs;

/// <summary>Values of <c>FinishJobRequest.SignalReason</c>: why the agent signalled a job.</summary>
internal static class SignalReasons
{
    /// <summary>The coordinator canceled the job (log answer or heartbeat).</summary>
    public const string Cancel = "cancel";

    /// <summary>The agent itself was stopped hard.</summary>
    public const string AgentStop = "agent_stop";

    /// <summary>The agent's policy (allow-lists, no plugins, no command eval) refused the job before it ran.</summary>
    public const string AgentRefused = "agent_refused";
}
