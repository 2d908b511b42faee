using System.CommandLine;
using System.Globalization;

namespace ElasticCI.Cli.Commands.AgentConfig;

/// <summary>
/// One agent setting from, in order of precedence: the flag given on the command line, its <c>ELASTIC_CI_AGENT_*</c>
/// variable, the config file, the flag's default. Problems with a variable's value are collected in <see cref="Errors"/>
/// (the file's own are collected when it is read).
/// </summary>
internal sealed class AgentSettingsResolver(ParseResult parse, IReadOnlyDictionary<string, ConfigValue> file, Func<string, string?> environment)
{
    public List<string> Errors { get; } = [];

    public string? Text(Option<string> option, string key) => Explicit(option) ? parse.GetValue(option) : Fallback(key)?.Value ?? parse.GetValue(option);

    public int Number(Option<int> option, string key)
        => !Explicit(option) && Fallback(key) is { } value ? int.Parse(value.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) : parse.GetValue(option);

    public long Count(Option<long> option, string key)
        => !Explicit(option) && Fallback(key) is { } value ? long.Parse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture) : parse.GetValue(option);

    public int? OptionalNumber(Option<int?> option, string key)
        => !Explicit(option) && Fallback(key) is { } value ? int.Parse(value.Value, NumberStyles.None, CultureInfo.InvariantCulture) : parse.GetValue(option);

    public bool Flag(Option<bool> option, string key)
        => !Explicit(option) && Fallback(key) is { } value ? AgentSettingKeys.ParseBoolean(value.Value) == true : parse.GetValue(option);

    /// <summary>Reads the config file named by <c>--config</c>, <c>$ELASTIC_CI_AGENT_CONFIG</c> or <c>$BUILDKITE_AGENT_CONFIG</c>; empty when none is named.</summary>
    public static Dictionary<string, ConfigValue> ReadConfigFile(string? flag, Func<string, string?> environment, List<string> errors)
    {
        var path = flag ?? NonEmpty(environment("ELASTIC_CI_AGENT_CONFIG")) ?? NonEmpty(environment("BUILDKITE_AGENT_CONFIG"));
        if (path is null)
        {
            return new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        }
        if (!File.Exists(path))
        {
            errors.Add($"{path}: the config file does not exist");
            return new Dictionary<string, ConfigValue>(StringComparer.Ordinal);
        }
        return AgentConfigFile.Read(path, errors);
    }

    private bool Explicit(Option option) => parse.GetResult(option) is { Implicit: false };

    private ConfigValue? Fallback(string key)
    {
        var name = AgentSettingKeys.EnvironmentVariable(key);
        if (NonEmpty(environment(name)) is { } value)
        {
            if (AgentSettingKeys.Check(key, value) is { } problem)
            {
                Errors.Add($"${name}: {problem}");
                return null;
            }
            return new ConfigValue(value, "$" + name);
        }
        return file.TryGetValue(key, out var configured) ? configured : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
