namespace ElasticCI.Agent.Jobs;

/// <summary>How a job ended, as reported to the coordinator.</summary>
/// <param name="ExitStatus">The command's exit status, or -1 when it never produced one.</param>
/// <param name="Signal">Signal that ended the process, when the agent sent it and it was fatal.</param>
/// <param name="SignalReason"><see cref="SignalReasons"/> value when the agent canceled the job.</param>
/// <param name="LogSize">Bytes of log the coordinator acknowledged.</param>
internal sealed record JobResult(int ExitStatus, string? Signal, string? SignalReason, long LogSize);
