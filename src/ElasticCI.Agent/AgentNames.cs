using System.Text;

namespace ElasticCI.Agent;

/// <summary>Agent names and the directory names derived from them.</summary>
internal static class AgentNames
{
    /// <summary>Worker <paramref name="index"/> (1-based) of <see cref="AgentOptions.Spawn"/>: the base name, with <c>-index</c> when there are several.</summary>
    public static string ForWorker(AgentOptions options, int index, string hostName, int processId)
    {
        var baseName = string.IsNullOrWhiteSpace(options.Name) ? $"{hostName}-{processId}" : options.Name;
        return options.Spawn > 1 ? $"{baseName}-{index}" : baseName;
    }

    /// <summary>
    /// Makes <paramref name="value"/> safe as one path segment: the agent name comes from the coordinator and the slug
    /// from a pipeline, and neither may walk out of the build path.
    /// </summary>
    public static string PathSegment(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }
        var segment = builder.ToString().Trim('.');
        return segment.Length == 0 ? "_" : segment;
    }
}
