namespace ElasticCI.Compute.Local.Settings;

/// <summary>Values of the <c>Isolation</c> stack parameter.</summary>
internal static class StackIsolation
{
    /// <summary>Each local instance runs as its own Unix user in its own mount and PID namespaces (bubblewrap), with cgroup limits where the kernel has them.</summary>
    public const string Sandbox = "sandbox";

    /// <summary>Instances run as the coordinator's user and see what it sees; only for hosts that cannot sandbox, and only when a stack says so.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Sandbox, None];
}
