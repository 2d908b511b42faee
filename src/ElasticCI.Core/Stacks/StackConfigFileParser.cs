using System.Globalization;
using ElasticCI.Compute;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Stacks;

/// <summary>
/// Reads a whole <c>elastic-ci.yml</c>: the <c>stacks:</c> list (<see cref="StackConfigParser"/>) plus the top-level
/// <c>MaxInstances</c> global budget and the <c>store</c> (read at start-up; the <c>coordinator:</c> section is the coordinator's). Every problem is listed; the result is usable only when there are none.
/// </summary>
internal static class StackConfigFileParser
{
    /// <summary>The coordinator's start-up settings; read by the coordinator, not here (and not reloaded with the stacks).</summary>
    public const string CoordinatorSection = "coordinator";

    /// <summary>Named registration tokens scoped to queues; read by the coordinator at start-up, not here.</summary>
    public const string AgentTokensSection = "agentTokens";

    /// <param name="yaml">The file's text.</param>
    /// <param name="fileName">The file's name, for the problems.</param>
    /// <param name="providers">The compute providers stacks may name, with the settings each declares.</param>
    public static (StackConfig Config, IReadOnlyList<string> Errors) Parse(string yaml, string fileName, ComputeProviderCatalog providers)
    {
        var (stacks, stackErrors) = StackConfigParser.Parse(yaml, fileName, providers);
        var errors = new List<string>(stackErrors);
        int? maxInstances = null;
        string? store = null;
        var artifacts = ArtifactSettings.None;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                foreach (var (key, value) in root.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? "";
                    if (name.Equals("MaxInstances", StringComparison.OrdinalIgnoreCase))
                    {
                        if (value is YamlScalarNode { Value: { } text } && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var budget) && budget >= 1)
                        {
                            maxInstances = budget;
                        }
                        else
                        {
                            errors.Add($"{fileName}:{value.Start.Line}: MaxInstances must be a whole number of at least 1, got '{(value as YamlScalarNode)?.Value}'");
                        }
                    }
                    else if (name.Equals("store", StringComparison.OrdinalIgnoreCase))
                    {
                        if (value is YamlScalarNode { Value: { Length: > 0 } text2 })
                        {
                            store = text2;
                        }
                        else
                        {
                            errors.Add($"{fileName}:{value.Start.Line}: store must be sqlite or a postgres:// URL");
                        }
                    }
                    else if (ArtifactSettings.Keys.Contains(name, StringComparer.OrdinalIgnoreCase))
                    {
                        artifacts = artifacts.With(name, (value as YamlScalarNode)?.Value, out var problem) ?? artifacts;
                        if (problem.Length > 0)
                        {
                            errors.Add($"{fileName}:{value.Start.Line}: {problem}");
                        }
                    }
                    else if (!name.Equals("stacks", StringComparison.OrdinalIgnoreCase) && !name.Equals(CoordinatorSection, StringComparison.OrdinalIgnoreCase)
                        && !name.Equals(AgentTokensSection, StringComparison.OrdinalIgnoreCase))
                    {
                        errors.Add($"{fileName}:{key.Start.Line}: unknown top-level key '{name}' (known: stacks, MaxInstances, store, coordinator, agentTokens, {string.Join(", ", ArtifactSettings.Keys)})");
                    }
                }
            }
        }
        catch (YamlException)
        {
            // Already reported by the stacks parser, with its position.
        }
        if (maxInstances is { } max && stacks.Sum(s => s.Scaling.MinSize) > max)
        {
            errors.Add($"{fileName}: MaxInstances {max} is below the sum of the stacks' MinSize ({stacks.Sum(s => s.Scaling.MinSize)})");
        }
        return (new StackConfig(stacks, maxInstances) { Store = store, Artifacts = artifacts }, errors);
    }
}
