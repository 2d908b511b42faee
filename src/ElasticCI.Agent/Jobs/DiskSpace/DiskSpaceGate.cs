using System.ComponentModel;
using ElasticCI.Agent.Logs;

namespace ElasticCI.Agent.Jobs.DiskSpace;

/// <summary>Runs the disk-space check for one job and says in the job log what it cleaned and why the job fails.</summary>
internal static class DiskSpaceGate
{
    /// <summary>Null when the job may go on; otherwise the shortage (already written to the log, and the agent marked unhealthy if so configured).</summary>
    public static async Task<string?> RunAsync(JobRunnerSettings settings, string checkoutPath, LogStreamer streamer)
    {
        if (settings.DiskCheck is not { } check)
        {
            return null;
        }
        var removed = new List<string>();
        string? shortage;
        try
        {
            shortage = check.Check(Path.GetDirectoryName(checkoutPath)!, checkoutPath, removed);
        }
        catch (Win32Exception ex)
        {
            // A filesystem that cannot be measured is not a reason to refuse work; say so and go on.
            await streamer.WriteAsync($"# Disk-space check skipped: {ex.Message}\n", CancellationToken.None);
            return null;
        }
        foreach (var path in removed)
        {
            await streamer.WriteAsync($"# Low disk: removed old build directory {path}\n", CancellationToken.None);
        }
        if (shortage is null)
        {
            return null;
        }
        var unhealthy = settings.DiskFullAction == DiskFullActions.Unhealthy;
        await streamer.WriteAsync($"^^^ +++\nDisk-space check failed before checkout: {shortage}\n"
            + (unhealthy ? "This agent is now unhealthy: it takes no more jobs and exits, so its instance is replaced.\n" : ""), CancellationToken.None);
        if (unhealthy)
        {
            settings.Health?.MarkUnhealthy(shortage);
        }
        return shortage;
    }
}
