using System.Diagnostics;

namespace ElasticCI.EndToEnd.Security;

/// <summary>
/// Stops `up` with SIGTERM, as Ctrl+C would, so it terminates its sandboxes and removes their Unix users (a tree kill
/// would leave the users behind on the test machine).
/// </summary>
internal static class GracefulStop
{
    public static async Task StopAsync(Process process)
    {
        if (process.HasExited)
        {
            return;
        }
        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Still running: the caller's tree kill follows.
        }
    }
}
