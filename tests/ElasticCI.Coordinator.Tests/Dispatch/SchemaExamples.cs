using ElasticCI.Builds;
using ElasticCI.Pipelines;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>
/// buildkite/pipeline-schema's example pipelines (the copy under ElasticCI.Core.Tests), made runnable as whole files
/// as ValidPipelinesTests does: the second "an-id" is renamed and the three steps the examples depend on are added
/// (here passing, so that what depends on them runs too).
/// </summary>
internal static class SchemaExamples
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Dispatch", "valid-pipelines");

    public static IEnumerable<string> Files => System.IO.Directory.GetFiles(Directory, "*.yml").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal);

    public static string Read(string file) => File.ReadAllText(Path.Combine(Directory, file));

    /// <summary>The file as a build can run it (see the class summary); <c>cache</c> steps of command.yml removed when asked.</summary>
    public static string Runnable(string file, bool withoutCache)
    {
        var yaml = Read(file).Replace("identifier: \"an-id\"", "identifier: \"an-id-2\"", StringComparison.Ordinal);
        if (withoutCache && yaml.IndexOf("  # With caching", StringComparison.Ordinal) is var start and >= 0)
        {
            yaml = string.Concat(yaml.AsSpan(0, start), yaml.AsSpan(yaml.IndexOf("  # Agent-applied", StringComparison.Ordinal)));
        }
        if (!yaml.Contains("depend-on-me", StringComparison.Ordinal))
        {
            return yaml;
        }
        var at = yaml.IndexOf("steps:\n", StringComparison.Ordinal) + "steps:\n".Length;
        const string Helpers = "  - { key: depend-on-me, command: \"true\" }\n  - { key: depend-on-me-1, command: \"true\" }\n  - { key: depend-on-me-2, command: \"true\" }\n";
        return string.Concat(yaml.AsSpan(0, at), Helpers, yaml.AsSpan(at));
    }

    /// <summary>The planned jobs (same order as the build's), to know each block/input step's fields.</summary>
    public static IReadOnlyList<PlannedJob> Plan(string file, string yaml, string branch)
    {
        var parsed = PipelineParser.Parse(yaml, file);
        Assert.True(parsed.Succeeded, string.Join("\n", parsed.Errors));
        var plan = BuildPlanner.Plan(parsed.Pipeline!, file, new BuildContext { Branch = branch, Message = "" });
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return plan.Jobs;
    }

    /// <summary>Values for an unblock: every field without a default gets one its format (if any) and options accept.</summary>
    public static Dictionary<string, string> FieldValues(PlannedJob job)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in job.Spec.Block?.Fields ?? [])
        {
            if (field.Default.Count > 0)
            {
                continue;
            }
            values[field.Key] = field.IsSelect ? field.Options[0].Value : field.Format switch
            {
                null => "a value",
                "\\d{4,4}" => "2026",
                "[0-9]{3}" => "123",
                "[0-9a-f]+" => "c0ffee",
                var other => throw new InvalidOperationException($"no sample value for format {other}"),
            };
        }
        return values;
    }
}
