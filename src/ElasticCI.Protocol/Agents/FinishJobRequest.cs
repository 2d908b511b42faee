namespace ElasticCI.Protocol.Agents;

/// <summary>Body of <c>POST /api/agent/v1/jobs/{id}/finish</c>.</summary>
/// <param name="ExitStatus">The command's exit status; -1 when it never produced one.</param>
/// <param name="Signal">Name of the signal that ended the process, if any (for example <c>SIGTERM</c>).</param>
/// <param name="SignalReason">Why the agent signalled the process: <c>cancel</c>, <c>agent_stop</c> or null.</param>
/// <param name="LogSize">Total bytes of log the agent sent, so the coordinator can tell a missing tail.</param>
public sealed record FinishJobRequest(int ExitStatus, string? Signal, string? SignalReason, long LogSize);
