namespace ElasticCI.Jobs;

/// <summary>Why the coordinator asked an agent to stop a job.</summary>
internal static class CancelReasons
{
    public const string Cancel = "cancel";
    public const string Timeout = "timeout";
}
