using System.Text;

namespace ElasticCI.Compute.Local;

/// <summary>
/// Finds every process that carries an instance's marker variable in its environment, wherever it moved
/// (jobs run in their own sessions), so terminating an instance leaves nothing behind.
/// </summary>
internal static class ProcessSweeper
{
    public const string MarkerVariable = "ELASTIC_CI_INSTANCE_ID";

    public static IReadOnlyList<int> FindMarked(string instanceId)
    {
        var marker = Encoding.UTF8.GetBytes($"{MarkerVariable}={instanceId}\0");
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var environ = File.ReadAllBytes(Path.Combine(dir, "environ"));
                if (environ.AsSpan().IndexOf(marker) >= 0 || environ.AsSpan().StartsWith(marker))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read, so not ours to kill.
            }
        }
        return found;
    }

    /// <summary>SIGKILLs every marked process; returns how many there were.</summary>
    public static int KillMarked(string instanceId)
    {
        var pids = FindMarked(instanceId);
        foreach (var pid in pids)
        {
            Signals.ToProcess(pid, Signals.SigKill);
        }
        return pids.Count;
    }
}
