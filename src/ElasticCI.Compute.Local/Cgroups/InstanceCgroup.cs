using System.Globalization;
using ElasticCI.Compute.Local.Sandbox;
using ElasticCI.Compute.Local.Settings;

namespace ElasticCI.Compute.Local.Cgroups;

/// <summary>
/// The cgroup v1 groups of one local instance (memory, cpu, pids), named <c>elastic-ci-&lt;instance id&gt;</c> under the
/// coordinator's own groups. The instance's first process joins them before it starts anything, so its whole tree
/// (agents, jobs, whatever a job forks) is counted and limited; they are removed when the instance is gone.
/// </summary>
internal sealed class InstanceCgroup
{
    public const string MemoryController = "memory";

    public const string CpuController = "cpu";

    public const string PidsController = "pids";

    private static readonly string[] Controllers = [MemoryController, CpuController, PidsController];

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Tasks kept for the agents out of the instance's pids limit: jobs run in a child group limited to the rest, so a fork
    /// bomb cannot take the threads the agent needs to report the job (at most half of the limit).
    /// </summary>
    public const int AgentTaskReserve = 64;

    private InstanceCgroup(IReadOnlyList<string> directories, string memoryDirectory, long? memoryLimitBytes, string? jobsDirectory)
    {
        Directories = directories;
        MemoryDirectory = memoryDirectory;
        MemoryLimitBytes = memoryLimitBytes;
        JobsDirectory = jobsDirectory;
    }

    /// <summary>The pids group of the instance's jobs (inside its own), which the agent moves each job's executor into; null without a pids limit.</summary>
    public string? JobsDirectory { get; }

    /// <summary>One directory per controller; the instance's first process writes its pid to each one's <c>cgroup.procs</c>.</summary>
    public IReadOnlyList<string> Directories { get; }

    /// <summary>The memory group: its <c>memory.oom_control</c> tells the agent whether the limit killed a process of a job.</summary>
    public string MemoryDirectory { get; }

    public long? MemoryLimitBytes { get; }

    /// <summary>Null when limits can be applied here; otherwise why not and what to do, for the stack's start-up error.</summary>
    public static string? Problem(string stackName)
    {
        var missing = new List<string>();
        if (SandboxNative.GetEffectiveUserId() != 0)
        {
            missing.Add("the coordinator is not running as root (it creates a cgroup per instance)");
        }
        foreach (var controller in Controllers)
        {
            // A root group has no limit files of its own, but every group has cgroup.procs.
            if (CgroupHierarchy.OwnDirectory(controller) is not { } own || !File.Exists(Path.Combine(own, "cgroup.procs")))
            {
                missing.Add($"the cgroup v1 '{controller}' controller is not mounted (cgroup v2 alone is not supported yet)");
            }
        }
        return missing.Count == 0 ? null
            : $"stack '{stackName}': ExperimentalEnableResourceLimits cannot be applied on this host: {string.Join("; ", missing)}. "
              + "Run the coordinator as root on a host with the cgroup v1 memory, cpu and pids controllers mounted under /sys/fs/cgroup, "
              + "or set 'ExperimentalEnableResourceLimits: false' on the stack to run its instances without limits.";
    }

    /// <summary>Creates the instance's groups with <paramref name="limits"/>; leftovers of the same id (a previous run) are replaced.</summary>
    /// <remarks><paramref name="jobsOwner"/> (the sandbox user's uid and gid) may move processes into the jobs group.</remarks>
    public static async Task<InstanceCgroup> CreateAsync(string instanceId, StackResourceLimits limits, (uint Uid, uint Gid)? jobsOwner, CancellationToken cancellationToken)
    {
        await RemoveAsync(instanceId, cancellationToken);
        var directories = new List<string>();
        string? memoryDirectory = null;
        string? jobsDirectory = null;
        long? memoryBytes = null;
        foreach (var controller in Controllers)
        {
            var own = CgroupHierarchy.OwnDirectory(controller)
                ?? throw new InvalidOperationException($"The cgroup v1 '{controller}' controller is not mounted.");
            var directory = Path.Combine(own, NameFor(instanceId));
            // Readable by the instance's user, whatever our umask: its agent reads the memory group's counters.
            Directory.CreateDirectory(directory);
            File.SetUnixFileMode(directory, Readable);
            directories.Add(directory);
            switch (controller)
            {
                case MemoryController:
                    memoryDirectory = directory;
                    memoryBytes = limits.MemoryLimitBytes(HostMemoryBytes());
                    if (memoryBytes is { } bytes)
                    {
                        Write(directory, "memory.limit_in_bytes", bytes);
                        // Without swap accounting the file is absent; with it, the same value keeps the instance from swapping past its limit.
                        TryWrite(directory, "memory.memsw.limit_in_bytes", bytes);
                    }
                    break;
                case CpuController:
                    if (limits.CpuQuotaPercent is { } percent)
                    {
                        // 100% = one CPU: the whole 100 ms period per period.
                        Write(directory, "cpu.cfs_period_us", 100_000);
                        Write(directory, "cpu.cfs_quota_us", percent * 1_000L);
                    }
                    break;
                default:
                    if (limits.TasksMax is { } tasks)
                    {
                        Write(directory, "pids.max", tasks);
                        jobsDirectory = Path.Combine(directory, "jobs");
                        Directory.CreateDirectory(jobsDirectory);
                        File.SetUnixFileMode(jobsDirectory, Readable);
                        Write(jobsDirectory, "pids.max", tasks - Math.Min(AgentTaskReserve, tasks / 2));
                        if (jobsOwner is { } owner)
                        {
                            // Only cgroup.procs: the agent moves its executors in; the limit itself stays root's.
                            SandboxNative.Chown(Path.Combine(jobsDirectory, "cgroup.procs"), owner.Uid, owner.Gid);
                        }
                    }
                    break;
            }
        }
        return new InstanceCgroup(directories, memoryDirectory!, memoryBytes, jobsDirectory);
    }

    /// <summary>Kills every process still in the instance's groups and removes them; returns how many processes were killed.</summary>
    public static async Task<int> RemoveAsync(string instanceId, CancellationToken cancellationToken)
    {
        var killed = 0;
        foreach (var controller in Controllers)
        {
            if (CgroupHierarchy.OwnDirectory(controller) is not { } own)
            {
                continue;
            }
            var instance = Path.Combine(own, NameFor(instanceId));
            // Child groups (jobs) first: a group with children cannot be removed.
            var groups = Directory.Exists(instance) ? [.. Directory.EnumerateDirectories(instance), instance] : new List<string>();
            foreach (var directory in groups)
            {
                killed += await EmptyAndRemoveAsync(directory, cancellationToken);
            }
        }
        return killed;
    }

    private static async Task<int> EmptyAndRemoveAsync(string directory, CancellationToken cancellationToken)
    {
        var killed = 0;
        // A fork bomb refills the group while we kill it: repeat until it stays empty (bounded by its pids limit).
        for (var attempt = 0; Directory.Exists(directory) && attempt < 200; attempt++)
        {
            foreach (var pid in ReadPids(directory))
            {
                killed += Signals.ToProcess(pid, Signals.SigKill) ? 1 : 0;
            }
            try
            {
                Directory.Delete(directory);
                break;
            }
            catch (IOException)
            {
                // Busy until the killed processes are reaped.
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
        return killed;
    }

    private static string NameFor(string instanceId) => $"elastic-ci-{instanceId}";

    private static List<int> ReadPids(string directory)
    {
        try
        {
            return [.. File.ReadAllLines(Path.Combine(directory, "cgroup.procs"))
                .Select(line => int.TryParse(line, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
                .Where(pid => pid > 0)];
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static long HostMemoryBytes()
    {
        foreach (var line in File.ReadLines("/proc/meminfo"))
        {
            // "MemTotal:       24576000 kB"
            if (line.StartsWith("MemTotal:", StringComparison.Ordinal)
                && long.TryParse(line["MemTotal:".Length..].Replace("kB", "", StringComparison.Ordinal).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var kib))
            {
                return kib * 1024;
            }
        }
        throw new InvalidOperationException("/proc/meminfo has no MemTotal line.");
    }

    private static void Write(string directory, string file, long value)
        => File.WriteAllText(Path.Combine(directory, file), value.ToString(CultureInfo.InvariantCulture));

    private static void TryWrite(string directory, string file, long value)
    {
        try
        {
            Write(directory, file, value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Swap accounting is off on this kernel: there is no swap limit to set.
        }
    }
}
