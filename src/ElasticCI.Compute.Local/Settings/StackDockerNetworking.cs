namespace ElasticCI.Compute.Local.Settings;

/// <summary>Values of the <c>DockerNetworkingProtocol</c> stack parameter (the original stack's).</summary>
internal static class StackDockerNetworking
{
    /// <summary>Containers get IPv4 addresses only.</summary>
    public const string Ipv4 = "ipv4";

    /// <summary>Containers get IPv4 and IPv6 addresses (the engine runs with <c>--ipv6</c> and a private IPv6 range).</summary>
    public const string DualStack = "dualstack";

    public static IReadOnlyList<string> All { get; } = [Ipv4, DualStack];
}
