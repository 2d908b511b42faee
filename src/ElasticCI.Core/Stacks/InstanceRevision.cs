using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Stacks;

/// <summary>
/// The revision of a stack's instances: a hash of every setting that is baked into an instance when it is launched
/// (its shape, its agents' queue, count and flags, its bootstrap script and agent environment). Sizing and scaling
/// parameters are not part of it: they change the fleet's size, not what an instance is.
/// </summary>
internal static class InstanceRevision
{
    private static readonly HashSet<string> OptionalFields = new(StringComparer.Ordinal)
    {
        nameof(StackDefinition.ExperimentalEnableResourceLimits), nameof(StackDefinition.ResourceLimitsMemoryMax),
        nameof(StackDefinition.ResourceLimitsCPUQuota), nameof(StackDefinition.ResourceLimitsTasksMax),
    };

    public static string Of(StackDefinition stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // Limits that are off leave no line, so a stack without them keeps the revision it had before they existed.
        var text = string.Join('\n', Fields(stack).Where(f => f.Value.Length > 0 || !OptionalFields.Contains(f.Name)).Select(f => $"{f.Name}={f.Value}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>Names of the instance-affecting settings that differ, for the scaling event's reason.</summary>
    public static IReadOnlyList<string> Changes(StackDefinition before, StackDefinition after)
        => Fields(before).Zip(Fields(after)).Where(p => p.First.Value != p.Second.Value).Select(p => p.First.Name).ToList();

    private static IEnumerable<(string Name, string Value)> Fields(StackDefinition s)
    {
        yield return (nameof(s.Provider), s.Provider);
        yield return (nameof(s.InstanceType), s.InstanceType);
        yield return (nameof(s.Queue), s.Queue);
        yield return (nameof(s.Scaling.AgentsPerInstance), s.Scaling.AgentsPerInstance.ToString(CultureInfo.InvariantCulture));
        yield return (nameof(s.BootstrapScriptUrl), s.BootstrapScriptUrl ?? "");
        yield return (nameof(s.AgentEnvFileUrl), s.AgentEnvFileUrl ?? "");
        yield return (nameof(s.BuildkiteTerminateInstanceAfterJob), s.BuildkiteTerminateInstanceAfterJob ? "true" : "false");
        yield return (nameof(s.BuildkiteAgentDisconnectAfterUptime), s.BuildkiteAgentDisconnectAfterUptime.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        yield return (nameof(s.Isolation), s.Isolation);
        var limits = s.ExperimentalEnableResourceLimits;
        yield return (nameof(s.ExperimentalEnableResourceLimits), limits ? "true" : "");
        yield return (nameof(s.ResourceLimitsMemoryMax), limits ? s.ResourceLimitsMemoryMax : "");
        yield return (nameof(s.ResourceLimitsCPUQuota), limits ? s.ResourceLimitsCPUQuota : "");
        yield return (nameof(s.ResourceLimitsTasksMax), limits ? s.ResourceLimitsTasksMax : "");
        yield return ("DockerEngine", s.Docker.Engine);
        yield return ("EnableDockerExperimental", s.Docker.Experimental ? "true" : "false");
        yield return ("DockerNetworkingProtocol", s.Docker.NetworkingProtocol);
    }
}
