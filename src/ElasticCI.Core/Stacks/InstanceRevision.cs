using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace ElasticCI.Stacks;

/// <summary>
/// The revision of a stack's instances: a hash of every setting that is baked into an instance when it is launched
/// (its shape, its agents' queue, count and flags, its bootstrap script and agent environment). Sizing and scaling
/// parameters are not part of it: they change the fleet's size, not what an instance is. The provider adds the
/// provider settings it bakes into an instance (<see cref="Compute.ComputeProviderRegistration.InstanceFields"/>).
/// </summary>
internal static class InstanceRevision
{
    public static string Of(StackDefinition stack)
    {
        ArgumentNullException.ThrowIfNull(stack);
        // A provider field with an empty value (a setting that is off) leaves no line, so a stack without it keeps the
        // revision it had before the setting existed.
        var text = string.Join('\n', Fields(stack).Select(f => $"{f.Name}={f.Value}")
            .Concat(stack.ProviderSettings.RevisionFields().Where(f => f.Value.Length > 0).Select(f => $"{f.Name}={f.Value}")));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
    }

    /// <summary>Names of the instance-affecting settings that differ, for the scaling event's reason.</summary>
    public static IReadOnlyList<string> Changes(StackDefinition before, StackDefinition after)
    {
        var was = Fields(before).Concat(before.ProviderSettings.RevisionFields()).ToList();
        var now = Fields(after).Concat(after.ProviderSettings.RevisionFields()).ToList();
        return [.. was.Select(f => f.Name).Concat(now.Select(f => f.Name)).Distinct(StringComparer.Ordinal)
            .Where(name => Value(was, name) != Value(now, name))];
    }

    private static string Value(List<(string Name, string Value)> fields, string name)
        => fields.FirstOrDefault(f => f.Name == name).Value ?? "";

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
    }
}
