using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Coordinator.Settings;

/// <summary>
/// The <c>coordinator:</c> section of <c>elastic-ci.yml</c>: a mapping of setting keys to scalar values, read at start-up
/// only (<c>stack apply</c> and SIGHUP reload the stacks, not these). Unknown keys and non-scalar values are problems.
/// </summary>
internal static class CoordinatorFileSettings
{
    public const string SectionKey = "coordinator";

    /// <summary>The section's settings by their canonical key; empty when the file has no section.</summary>
    public static (IReadOnlyDictionary<string, string> Settings, IReadOnlyList<string> Errors) Read(string yaml, string fileName)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            // The stacks parser reports the syntax error with its position.
            return (settings, errors);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return (settings, errors);
        }
        var section = root.Children.FirstOrDefault(kv => (kv.Key as YamlScalarNode)?.Value?.Equals(SectionKey, StringComparison.OrdinalIgnoreCase) == true).Value;
        if (section is null)
        {
            return (settings, errors);
        }
        if (section is not YamlMappingNode mapping)
        {
            errors.Add($"{fileName}:{section.Start.Line}: '{SectionKey}' must be a mapping of settings");
            return (settings, errors);
        }
        foreach (var (key, value) in mapping.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (CoordinatorSettings.Find(name) is not { } setting)
            {
                errors.Add($"{fileName}:{key.Start.Line}: unknown coordinator key '{name}' (known: {string.Join(", ", CoordinatorSettings.All.Select(s => s.Key))})");
            }
            else if (value is not YamlScalarNode { Value: { } text })
            {
                errors.Add($"{fileName}:{value.Start.Line}: coordinator.{setting.Key} must be a single value");
            }
            else if (!settings.TryAdd(setting.Key, text))
            {
                errors.Add($"{fileName}:{key.Start.Line}: coordinator.{setting.Key} is given twice");
            }
        }
        return (settings, errors);
    }
}
