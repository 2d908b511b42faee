using System.Reflection;

namespace ElasticCI.Agent;

/// <summary>The version an agent reports at registration: the informational version of the agent assembly (without the commit suffix).</summary>
internal static class AgentVersion
{
    public static string Current { get; } = Read();

    private static string Read()
    {
        var informational = typeof(AgentVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        var version = string.IsNullOrEmpty(informational) ? typeof(AgentVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0" : informational;
        // "1.2.3+<commit>": the build metadata is noise on a dashboard.
        return version.Split('+')[0];
    }
}
