using System.Text.Json.Nodes;
using ElasticCI.Pipelines.Interpolation;
using ElasticCI.Validation;
using YamlDotNet.RepresentationModel;

namespace ElasticCI.Pipelines;

/// <summary>
/// Parses a Buildkite-format pipeline upload. Never throws for any input: every problem, with its line and column, is
/// returned in <see cref="PipelineParseResult.Errors"/>. Several YAML documents in one stream are several pipelines
/// uploaded together: their steps are concatenated and their <c>env</c> merged (later documents win).
/// </summary>
internal static class PipelineParser
{
    /// <summary>Parses without interpolation (<c>$VAR</c> is left for the shell).</summary>
    public static PipelineParseResult Parse(string yaml, string fileName) => Parse(yaml, fileName, PipelineParseOptions.NoInterpolation);

    public static PipelineParseResult Parse(string yaml, string fileName, PipelineParseOptions options)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(options);
        var errors = new PipelineErrorCollector(fileName);
        var documents = new List<PipelineDefinition>();
        foreach (var root in YamlDocumentLoader.Load(yaml, errors))
        {
            if (options.Environment is { } environment)
            {
                DocumentInterpolator.Apply(root, environment, errors);
            }

            if (PipelineControlCharacters.Check(root, errors) > 0)
            {
                continue;
            }

            if (ReadDocument(root, errors) is { } document)
            {
                documents.Add(document);
            }
        }

        var list = errors.ToList();
        return new PipelineParseResult(list.Count == 0 && documents.Count > 0 ? Merge(documents) : null, list);
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
        else if (!YamlValues.IsNull(stepsEntry.Value))
        {
            Report(stepsEntry.Value, $"steps must be a list, got {YamlValues.Describe(stepsEntry.Value)}");
        }

        var env = map.Find("env") is { } envEntry ? YamlValues.ReadStringMap(envEntry.Value, "env", Report) : null;
        var agents = map.Find("agents") is { } agentsEntry ? YamlValues.ReadAgents(agentsEntry.Value, "agents", Report) : null;
        var priority = map.Find("priority") is { } priorityEntry
            ? YamlValues.ReadInt(priorityEntry.Value, "priority", int.MinValue, int.MaxValue, "an integer", Report)
            : null;
        JsonNode? notify = null;
        if (map.Find("notify") is { } notifyEntry)
        {
            notify = StepAttributes.ReadNotify(notifyEntry.Value, new StepContext(errors, null));
        }

        // Other unknown top-level keys are ignored on purpose: they commonly just hold YAML anchors.
        foreach (var entry in map.Entries.Where(e => StepFields.UnsupportedTopLevel.Contains(e.Key)))
        {
            Report(entry.KeyNode, $"not supported yet: {entry.Key} at line {StepContext.Line(entry.KeyNode)}");
        }

        return new PipelineDefinition(env ?? [], agents ?? [], steps) { Notify = notify, Priority = priority };
    }

    private static List<PipelineStep> ReadSteps(YamlSequenceNode sequence, PipelineErrorCollector errors)
    {
        var steps = new List<PipelineStep>();
        foreach (var node in sequence.Children)
        {
            if (StepParser.Parse(node, errors, inGroup: false) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private static PipelineDefinition Merge(List<PipelineDefinition> documents)
    {
        if (documents.Count == 1)
        {
            return documents[0];
        }

        // Top-level agents and priority are defaults for their own document's steps only, so they move into the steps.
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var notify = new JsonArray();
        var steps = new List<PipelineStep>();
        foreach (var document in documents)
        {
            foreach (var (key, value) in document.Env)
            {
                env[key] = value;
            }

            foreach (var item in document.Notify?.AsArray() ?? [])
            {
                notify.Add(item?.DeepClone());
            }

            steps.AddRange(document.Steps.Select(s => WithDefaults(s, document.Agents, document.Priority)));
        }

        return new PipelineDefinition(env, new Dictionary<string, string>(), steps) { Notify = notify.Count > 0 ? notify : null };
    }

    private static PipelineStep WithDefaults(PipelineStep step, IReadOnlyDictionary<string, string> agents, int? priority) => step switch
    {
        CommandStep command => command with
        {
            Agents = agents.Where(a => !command.Agents.ContainsKey(a.Key)).Concat(command.Agents).ToDictionary(StringComparer.Ordinal),
            Options = command.Options with { Priority = command.Options.Priority ?? priority },
        },
        GroupStep group => group with { Steps = [.. group.Steps.Select(s => WithDefaults(s, agents, priority))] },
        _ => step,
    };
}
