using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Parses a Buildkite-format pipeline document (the walking-skeleton subset: command and wait steps). Never throws for
/// any input: every problem, with its line and column, is returned in <see cref="PipelineParseResult.Errors"/>.
/// </summary>
internal static class PipelineParser
{
    public static PipelineParseResult Parse(string yaml, string fileName)
    {
        var errors = new PipelineErrorCollector(fileName);
        var root = YamlDocumentLoader.Load(yaml, errors);
        var pipeline = root is null ? null : ReadDocument(root, errors);
        var list = errors.ToList();
        return new PipelineParseResult(list.Count == 0 ? pipeline : null, list);
    }

    private static PipelineDefinition? ReadDocument(YamlNode root, PipelineErrorCollector errors)
    {
        void Report(YamlNode at, string message) => errors.Add(at, null, message);

        if (root is YamlSequenceNode legacySteps)
        {
            // The legacy form: the document is the steps list itself.
            return new PipelineDefinition(new Dictionary<string, string>(), new Dictionary<string, string>(), ReadSteps(legacySteps, errors));
        }

        if (root is not YamlMappingNode mapping)
        {
            Report(root, $"pipeline must be a mapping with 'steps' or a list of steps, got {YamlValues.Describe(root)}");
            return null;
        }

        var map = YamlMap.Resolve(mapping, Report);
        IReadOnlyList<PipelineStep> steps = [];
        if (map.Find("steps") is not { } stepsEntry)
        {
            Report(root, "pipeline must have 'steps'");
        }
        else if (stepsEntry.Value is YamlSequenceNode sequence)
        {
            steps = ReadSteps(sequence, errors);
        }
        else
        {
            Report(stepsEntry.Value, $"steps must be a list, got {YamlValues.Describe(stepsEntry.Value)}");
        }

        var env = map.Find("env") is { } envEntry ? YamlValues.ReadStringMap(envEntry.Value, "env", Report) : null;
        var agents = map.Find("agents") is { } agentsEntry ? YamlValues.ReadAgents(agentsEntry.Value, "agents", Report) : null;

        // Other unknown top-level keys are ignored on purpose: they commonly just hold YAML anchors.
        foreach (var entry in map.Entries.Where(e => StepFields.UnsupportedTopLevel.Contains(e.Key)))
        {
            Report(entry.KeyNode, $"not supported yet: {entry.Key} at line {StepContext.Line(entry.KeyNode)}");
        }

        return new PipelineDefinition(env ?? [], agents ?? [], steps);
    }

    private static List<PipelineStep> ReadSteps(YamlSequenceNode sequence, PipelineErrorCollector errors)
    {
        var steps = new List<PipelineStep>();
        foreach (var node in sequence.Children)
        {
            if (StepParser.Parse(node, errors) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }
}
