namespace ElasticCI.Jobs;

/// <summary>Why the coordinator asked an agent to stop a job.</summary>
internal static class CancelReasons
{
    public const string Cancel = "cancel";
    public const string Timeout = "timeout";

    /// <summary>A spot interruption notice: the job is canceled and retried on another instance whatever its retry rules.</summary>
    public const string SpotInterruption = "spot_interruption";
}
