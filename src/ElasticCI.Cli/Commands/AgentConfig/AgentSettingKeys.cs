using System.Globalization;

namespace ElasticCI.Cli.Commands.AgentConfig;

/// <summary>The keys an agent config file and the <c>ELASTIC_CI_AGENT_*</c> variables may set: the long flag names, each with its value rule.</summary>
internal static class AgentSettingKeys
{
    public enum Kind
    {
        Text,
        WholeNumber,
        NonNegativeNumber,
        NonNegativeCount,
        Boolean,
        Tags,
        HostPort,
    }

    public static readonly IReadOnlyDictionary<string, Kind> All = new Dictionary<string, Kind>(StringComparer.Ordinal)
    {
        ["server"] = Kind.Text,
        ["token"] = Kind.Text,
        ["queue"] = Kind.Text,
        ["tags"] = Kind.Tags,
        ["name"] = Kind.Text,
        ["priority"] = Kind.WholeNumber,
        ["spawn"] = Kind.NonNegativeNumber,
        ["disconnect-after-job"] = Kind.Boolean,
        ["disconnect-after-idle-timeout"] = Kind.NonNegativeNumber,
        ["disconnect-after-uptime"] = Kind.NonNegativeNumber,
        ["build-path"] = Kind.Text,
        ["cancel-grace-period"] = Kind.NonNegativeNumber,
        ["hooks-path"] = Kind.Text,
        ["plugins-path"] = Kind.Text,
        ["git-mirrors-path"] = Kind.Text,
        ["plugin-mirror"] = Kind.Text,
        ["no-plugins"] = Kind.Boolean,
        ["allowed-plugins"] = Kind.Text,
        ["allowed-repositories"] = Kind.Text,
        ["no-command-eval"] = Kind.Boolean,
        ["no-docker-login"] = Kind.Boolean,
        ["no-pty"] = Kind.Boolean,
        ["no-ssh-keyscan"] = Kind.Boolean,
        ["redacted-vars"] = Kind.Text,
        ["health-check-addr"] = Kind.HostPort,
        ["disk-min-free-bytes"] = Kind.NonNegativeCount,
        ["disk-min-free-inodes"] = Kind.NonNegativeCount,
        ["disk-full-action"] = Kind.Text,
    };

    /// <summary>The environment variable for <paramref name="key"/>: <c>ELASTIC_CI_AGENT_</c> + the key upper-cased with <c>_</c> for <c>-</c>.</summary>
    /// <remarks>The original's <c>BUILDKITE_*</c> names are not read: every job carries some of them (BUILDKITE_AGENT_NAME,
    /// BUILDKITE_BUILD_PATH, ...), and an agent started inside a job must not take them for its own settings.</remarks>
    public static string EnvironmentVariable(string key) => "ELASTIC_CI_AGENT_" + key.ToUpperInvariant().Replace('-', '_');

    /// <summary>Null when <paramref name="value"/> is valid for <paramref name="key"/>, else the rule it breaks.</summary>
    public static string? Check(string key, string value) => All[key] switch
    {
        Kind.WholeNumber when !int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
            => $"'{value}' is not a whole number",
        Kind.NonNegativeNumber when !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            => $"'{value}' is not a whole number of 0 or more",
        Kind.NonNegativeCount when !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _)
            => $"'{value}' is not a whole number of 0 or more",
        Kind.Boolean when ParseBoolean(value) is null
            => $"'{value}' is not true or false",
        Kind.Tags when !AgentCommand.TryParseTags(value, new Dictionary<string, string>(StringComparer.Ordinal), out var problem)
            => problem.Replace("--tags: ", "", StringComparison.Ordinal),
        Kind.HostPort when !HostPort.TryParse(value, out _, out _)
            => $"'{value}' is not HOST:PORT (e.g. 127.0.0.1:8080, port 0-65535)",
        _ => null,
    };

    /// <summary>true/false, 1/0, yes/no (any case); null otherwise.</summary>
    public static bool? ParseBoolean(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => null,
    };
}
