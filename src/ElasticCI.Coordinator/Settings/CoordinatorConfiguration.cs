using System.Collections;
using Microsoft.Extensions.Configuration;

namespace ElasticCI.Coordinator.Settings;

/// <summary>
/// The coordinator's settings as one <see cref="IConfiguration"/> of three layers, lowest first: the config file's
/// <c>coordinator:</c> section, the <c>ELASTIC_CI_*</c> variables, the flags given on the command line. Keys are
/// <c>Coordinator:&lt;Key&gt;</c>; <see cref="Bind"/> applies the winner of each onto <see cref="CoordinatorOptions"/>.
/// </summary>
internal static class CoordinatorConfiguration
{
    public const string SectionName = "Coordinator";

    /// <summary>The three layers. <paramref name="environment"/> is the process environment (or a test's); only the settings' variables are read.</summary>
    public static IConfigurationRoot Build(IReadOnlyDictionary<string, string> file, IDictionary environment, IReadOnlyDictionary<string, string> flags)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var fromEnvironment = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var setting in CoordinatorSettings.All)
        {
            if (environment[setting.EnvironmentVariable] is string { Length: > 0 } value)
            {
                fromEnvironment[Key(setting)] = value;
            }
        }
        return new ConfigurationBuilder()
            .AddInMemoryCollection(file.ToDictionary(kv => $"{SectionName}:{kv.Key}", kv => (string?)kv.Value))
            .AddInMemoryCollection(fromEnvironment)
            .AddInMemoryCollection(flags.ToDictionary(kv => $"{SectionName}:{kv.Key}", kv => (string?)kv.Value))
            .Build();
    }

    /// <summary>
    /// Applies every setting present in <paramref name="configuration"/> onto <paramref name="options"/> (whose values are
    /// the defaults). Returns one line per refused value, naming where it came from: the flag, the variable or the file key.
    /// </summary>
    public static IReadOnlyList<string> Bind(IConfigurationRoot configuration, string fileName, CoordinatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var problems = new List<string>();
        var listenLayer = -1;
        foreach (var setting in CoordinatorSettings.All)
        {
            var (value, layer) = Winner(configuration, setting);
            if (value is null)
            {
                continue;
            }
            if (setting.Key == "Listen")
            {
                listenLayer = layer;
            }
            else if (setting.Key == CoordinatorSettings.PortKey && layer < listenLayer)
            {
                // Listen was given with higher precedence (e.g. --listen over ELASTIC_CI_PORT): it wins whole.
                continue;
            }
            if (setting.Apply(value, options) is { } problem)
            {
                problems.Add($"{Source(setting, layer, fileName)}: {problem}, was '{value}'");
            }
        }
        return problems;
    }

    private static string Key(CoordinatorSetting setting) => $"{SectionName}:{setting.Key}";

    private static (string? Value, int Layer) Winner(IConfigurationRoot configuration, CoordinatorSetting setting)
    {
        var providers = configuration.Providers.ToList();
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            if (providers[i].TryGet(Key(setting), out var value) && value is not null)
            {
                return (value, i);
            }
        }
        return (null, -1);
    }

    private static string Source(CoordinatorSetting setting, int layer, string fileName) => layer switch
    {
        0 => $"{fileName}: coordinator.{setting.Key}",
        1 => setting.EnvironmentVariable,
        _ => setting.Flag ?? setting.Key,
    };
}
