using System.Globalization;

namespace ElasticCI.Compute.Local.Sandbox;

/// <summary>Every process running as a given user: what a sandboxed instance left behind, however it tried to hide (new session, cleared environment).</summary>
internal static class UserProcesses
{
    /// <summary>SIGKILLs every process whose real or effective user id is <paramref name="uid"/>; returns how many there were.</summary>
    public static int KillAll(uint uid)
    {
        var killed = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || pid == Environment.ProcessId)
            {
                continue;
            }
            try
            {
                var line = File.ReadLines(Path.Combine(dir, "status")).FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal));
                var ids = line?.Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2) ?? [];
                if (ids.Any(id => id == uid.ToString(CultureInfo.InvariantCulture)) && Signals.ToProcess(pid, Signals.SigKill))
                {
                    killed++;
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
        }
        return killed;
    }
}
