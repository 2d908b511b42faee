using System.Globalization;

namespace ElasticCI.Agent.Jobs;

/// <summary>The cgroup v1 pids group a job's executor joins, so everything the job forks counts against the jobs' share of the instance's limit.</summary>
internal static class JobsCgroup
{
    /// <summary>Moves <paramref name="pid"/> into <paramref name="group"/> (none when null); the reason when that failed, else null.</summary>
    public static string? Join(string? group, int pid)
    {
        if (string.IsNullOrEmpty(group))
        {
            return null;
        }
        try
        {
            File.WriteAllText(Path.Combine(group, "cgroup.procs"), pid.ToString(CultureInfo.InvariantCulture));
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }
    }
}
