using ElasticCI.Compute;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Stacks;

/// <summary>
/// Reads a stack's provider-specific settings: the <c>ProviderSettings:</c> section (a mapping of provider name to its
/// settings) and the legacy top-level keys a provider declares (<c>Isolation: none</c> is
/// <c>ProviderSettings: {local: {Isolation: none}}</c>). A key no provider declares, a provider that is not registered,
/// a setting of a provider the stack does not use, a setting given twice and a malformed value are each an error naming
/// the stack, the key and the provider.
/// </summary>
internal sealed class StackProviderSettingsReader(StackDefinition stack, string fileName, ComputeProviderCatalog providers, List<string> errors)
{
    /// <summary>The stack key of the section.</summary>
    public const string SectionName = "ProviderSettings";

    private readonly HashSet<string> _given = new(StringComparer.OrdinalIgnoreCase);
    private StackDefinition _stack = stack;

    public StackDefinition Read(IEnumerable<KeyValuePair<string, YamlNode>> topLevel, YamlNode? section)
    {
        if (providers.Find(_stack.Provider) is null)
        {
            // The stack is refused for its unknown Provider (StackConfigParser.Validate); its settings cannot be judged.
            return _stack;
        }
        foreach (var (key, value) in topLevel)
        {
            Set(key, key, value, providers.Find(_stack.Provider)?.FindSetting(key) is null ? providers.Declaring(key)! : null);
        }
        if (section is null)
        {
            return _stack;
        }
        if (section is not YamlMappingNode byProvider)
        {
            errors.Add($"{fileName}:{section.Start.Line}: stack '{_stack.Name}': {SectionName} must be a mapping of provider name to its settings, e.g. {SectionName}: {{{_stack.Provider}: {{...}}}}");
            return _stack;
        }
        foreach (var (providerKey, settingsNode) in byProvider.Children)
        {
            var providerName = (providerKey as YamlScalarNode)?.Value ?? "";
            if (providers.Find(providerName) is not { } provider)
            {
                errors.Add($"{fileName}:{providerKey.Start.Line}: stack '{_stack.Name}': {SectionName} names provider '{providerName}', which is not known (known: {providers.Known})");
                continue;
            }
            if (settingsNode is not YamlMappingNode settings)
            {
                errors.Add($"{fileName}:{settingsNode.Start.Line}: stack '{_stack.Name}': {SectionName}.{providerName} must be a mapping of setting name to value");
                continue;
            }
            foreach (var (keyNode, value) in settings.Children)
            {
                var key = (keyNode as YamlScalarNode)?.Value ?? "";
                if (provider.FindSetting(key) is null)
                {
                    errors.Add($"{fileName}:{keyNode.Start.Line}: stack '{_stack.Name}': unknown setting '{key}' in {SectionName}.{providerName} "
                        + $"(provider {providerName} has: {(provider.Settings.Count == 0 ? "none" : string.Join(", ", provider.Settings.Select(s => s.Name)))})");
                    continue;
                }
                Set(key, $"stack '{_stack.Name}': {SectionName}.{providerName}.{key}", value, provider.Name == _stack.Provider ? null : provider);
            }
        }
        return _stack;
    }

    /// <param name="key">The setting's name as written.</param>
    /// <param name="shown">The key as error messages name it: as written at the top level (the original parameters'
    /// messages), with the stack and the section path in the section.</param>
    /// <param name="value">The YAML value.</param>
    /// <param name="otherProvider">The provider that declares the setting when it is not the stack's own; null when it is.</param>
    private void Set(string key, string shown, YamlNode value, ComputeProviderRegistration? otherProvider)
    {
        if (otherProvider is not null)
        {
            errors.Add($"{fileName}:{value.Start.Line}: {(shown.StartsWith("stack '", StringComparison.Ordinal) ? "" : $"stack '{_stack.Name}': ")}{shown} is a setting of provider {otherProvider.Name}, but the stack's Provider is '{_stack.Provider}'");
            return;
        }
        var setting = providers.Find(_stack.Provider)!.FindSetting(key)!;
        if (!_given.Add(setting.Name))
        {
            errors.Add($"{fileName}:{value.Start.Line}: stack '{_stack.Name}': provider setting '{setting.Name}' is given twice (at the top level and in {SectionName}, or twice in {SectionName})");
            return;
        }
        if (setting.Read(new StackValue(value, shown, fileName, errors)) is { } text)
        {
            _stack = _stack with { ProviderSettings = _stack.ProviderSettings.With(setting.Name, text) };
        }
    }
}
