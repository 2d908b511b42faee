using System.Globalization;

namespace ElasticCI.Cli.Commands.AgentConfig;

/// <summary>
/// The original agent's <c>buildkite-agent.cfg</c> format: one <c>key="value"</c> (or <c>key=value</c>, or
/// <c>key='value'</c>) per line, keys equal to the long flag names of <c>elastic-ci agent start</c>, <c>#</c> comments
/// and blank lines ignored. Every problem is reported as <c>file:line: ...</c>.
/// </summary>
internal static class AgentConfigFile
{
    /// <summary>Reads <paramref name="path"/>; the values (with their <c>file:line</c> origin) or every problem found.</summary>
    public static Dictionary<string, ConfigValue> Read(string path, List<string> errors)
    {
        var values = new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot read the config file: {ex.Message}");
            return values;
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var origin = $"{path}:{(i + 1).ToString(CultureInfo.InvariantCulture)}";
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                errors.Add($"{origin}: expected key=\"value\", got '{lines[i].Trim()}'");
                continue;
            }
            var key = line[..equals].Trim();
            if (!AgentSettingKeys.All.TryGetValue(key, out _))
            {
                errors.Add($"{origin}: unknown key '{key}' (known keys: {string.Join(", ", AgentSettingKeys.All.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }
            if (Unquote(line[(equals + 1)..].Trim()) is not { } value)
            {
                errors.Add($"{origin}: {key}: the value has an unterminated quote");
                continue;
            }
            if (values.TryGetValue(key, out var earlier))
            {
                errors.Add($"{origin}: {key} is set twice (first at {earlier.Origin})");
                continue;
            }
            var problem = AgentSettingKeys.Check(key, value);
            if (problem is not null)
            {
                errors.Add($"{origin}: {key}: {problem}");
                continue;
            }
            values[key] = new ConfigValue(value, origin);
        }
        return values;
    }

    /// <summary>Strips one pair of matching double or single quotes (<c>\"</c> and <c>\\</c> unescaped in double quotes); null when a quote is not closed.</summary>
    internal static string? Unquote(string raw)
    {
        if (raw.Length == 0 || (raw[0] != '"' && raw[0] != '\''))
        {
            return raw;
        }
        var quote = raw[0];
        if (raw.Length < 2 || raw[^1] != quote)
        {
            return null;
        }
        var inner = raw[1..^1];
        return quote == '"' ? inner.Replace("\\\"", "\"", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal) : inner;
    }
}
