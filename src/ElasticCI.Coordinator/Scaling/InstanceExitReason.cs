using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Scaling;

/// <summary>The reason of the "terminated" event for an instance whose process ended, from how it ended.</summary>
internal static class InstanceExitReason
{
    public static string Describe(bool drained, int exitCode) => (drained, exitCode) switch
    {
        (true, _) => $"drained instance exited (code {exitCode})",
        // One-job instances and max-uptime agents end this way, as the original's terminate-instance after the agent exits.
        (false, AgentExitCodes.Ok) => $"instance exited on its own (code {exitCode}): all its agents disconnected (after a job, after uptime, or told to stop)",
        (false, AgentExitCodes.Unhealthy) => $"instance exited on its own (code {exitCode}): its agent reported itself unhealthy "
            + "(disk space below the threshold, --disk-full-action unhealthy)",
        _ => $"instance exited unexpectedly (code {exitCode}); its agents are gone and any job they held is lost",
    };
}
