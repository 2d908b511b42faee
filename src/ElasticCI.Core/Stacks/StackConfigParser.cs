using ElasticCI.Compute;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Stacks;

/// <summary>
/// Reads the <c>stacks:</c> list of <c>elastic-ci.yml</c>. Parameter names are matched case-insensitively against
/// <see cref="StackParameters.All"/>, and a stack's provider-specific settings against what its registered provider
/// declares (<see cref="StackProviderSettingsReader"/>); every problem is reported, with its line, not just the first.
/// </summary>
internal static class StackConfigParser
{
    public static (IReadOnlyList<StackDefinition> Stacks, IReadOnlyList<string> Errors) Parse(string yaml, string fileName, ComputeProviderCatalog providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        var errors = new List<string>();
        var stacks = new List<StackDefinition>();
        YamlMappingNode root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode mapping)
            {
                return ([], [$"{fileName}: expected a mapping with a 'stacks' list"]);
            }
            root = mapping;
        }
        catch (YamlException ex)
        {
            return ([], [$"{fileName}:{ex.Start.Line}:{ex.Start.Column}: invalid YAML: {ex.InnerException?.Message ?? ex.Message}"]);
        }

        var stacksNode = root.Children.FirstOrDefault(kv => Key(kv.Key).Equals("stacks", StringComparison.OrdinalIgnoreCase)).Value;
        if (stacksNode is not YamlSequenceNode list)
        {
            return ([], [$"{fileName}: 'stacks' must be a list of stacks"]);
        }
        foreach (var item in list.Children)
        {
            if (item is not YamlMappingNode stackNode)
            {
                errors.Add($"{fileName}:{item.Start.Line}: each stack must be a mapping of parameters");
                continue;
            }
            var stack = ParseStack(stackNode, fileName, providers, errors);
            if (stack is not null)
            {
                stacks.Add(stack);
            }
        }
        Validate(stacks, fileName, errors, providers);
        return (stacks, errors);
    }

    /// <summary>
    /// Problems that make a set of stacks unusable, independent of where they came from: each parameter's checks, a
    /// provider the coordinator has not registered, and the rules of the stack's provider for its stack.
    /// </summary>
    public static void Validate(IReadOnlyList<StackDefinition> stacks, string source, List<string> errors, ComputeProviderCatalog providers)
    {
        ArgumentNullException.ThrowIfNull(providers);
        foreach (var stack in stacks)
        {
            var where = $"{source}: stack '{stack.Name}'";
            foreach (var parameter in StackParameters.All)
            {
                parameter.Check?.Invoke(stack, where, errors);
                // Provider is checked against what the coordinator registered, so not by its parameter definition.
                if (parameter.Name == "Provider" && !providers.Names.Contains(stack.Provider))
                {
                    errors.Add($"{where}: Provider '{stack.Provider}' is not known (known: {providers.Known})");
                }
            }
            providers.Find(stack.Provider)?.Validate?.Invoke(stack, where, errors);
        }
        foreach (var group in stacks.GroupBy(s => s.Name, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add($"{source}: stack name '{group.Key}' is used {group.Count()} times");
        }
        foreach (var group in stacks.GroupBy(s => s.Queue, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            // The original's warning: two fleets on one queue each scale for the whole queue.
            errors.Add($"{source}: queue '{group.Key}' is served by several stacks ({string.Join(", ", group.Select(s => s.Name))})");
        }
    }

    private static StackDefinition? ParseStack(YamlMappingNode node, string fileName, ComputeProviderCatalog providers, List<string> errors)
    {
        var values = new Dictionary<string, YamlNode>(StringComparer.OrdinalIgnoreCase);
        foreach (var (keyNode, valueNode) in node.Children)
        {
            var key = Key(keyNode);
            if (!values.TryAdd(key, valueNode))
            {
                errors.Add($"{fileName}:{keyNode.Start.Line}: parameter '{key}' is given twice");
            }
        }
        var count = errors.Count;
        var name = values.TryGetValue("Name", out var nameNode) ? new StackValue(nameNode, "Name", fileName, errors).Text() : null;
        if (name is null)
        {
            errors.Add($"{fileName}:{node.Start.Line}: a stack needs a Name");
            return null;
        }
        var stack = new StackDefinition { Name = name };
        // Provider settings are read once the stack's Provider is known, whatever the order of the keys.
        var providerKeys = new List<KeyValuePair<string, YamlNode>>();
        YamlNode? section = null;
        foreach (var (key, value) in values)
        {
            if (key.Equals("Name", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (StackParameters.Find(key) is { } parameter)
            {
                stack = parameter.Read(stack, new StackValue(value, key, fileName, errors));
            }
            else if (key.Equals(StackProviderSettingsReader.SectionName, StringComparison.OrdinalIgnoreCase))
            {
                section = value;
            }
            else if (providers.Declaring(key) is not null)
            {
                providerKeys.Add(new(key, value));
            }
            else
            {
                errors.Add($"{fileName}:{value.Start.Line}: stack '{stack.Name}': unknown parameter '{key}'");
            }
        }
        stack = new StackProviderSettingsReader(stack, fileName, providers, errors).Read(providerKeys, section);
        return errors.Count == count ? providers.Complete(stack) : null;
    }

    private static string Key(YamlNode node) => node is YamlScalarNode scalar ? scalar.Value ?? "" : "";
}
