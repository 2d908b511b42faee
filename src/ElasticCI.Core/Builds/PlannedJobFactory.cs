using System.Text.Json.Nodes;
using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>Turns one planned step into its jobs, with dependencies already resolved to steps.</summary>
internal static class PlannedJobFactory
{
    private const int MaxDefaultLabelLength = 60;

    public static IEnumerable<PlannedJob> Create(PipelineDefinition pipeline, PlannedStep step, List<PlannedStep> steps, IReadOnlyList<string>? changedFiles)
    {
        int[] dependsOn = [.. step.DependsOn.SelectMany(s => Enumerable.Range(steps[s].FirstJob, steps[s].JobCount)).Order()];
        var spec = new JobSpec
        {
            Skipped = step.Step.Common.Skip is not null,
            SkipReason = string.IsNullOrEmpty(step.Step.Common.Skip) ? null : step.Step.Common.Skip,
            AllowDependencyFailure = step.Step.Common.AllowDependencyFailure || step.Group?.Common.AllowDependencyFailure == true,
            // Positions within dependsOn (what BuildProgress reads), not job indices.
            AllowedFailureDependencies = AllowedPositions(step, steps, dependsOn),
            GroupKey = step.Group?.Common.Key,
            GroupLabel = step.Group?.Common.Label,
            Notify = step.Step.Common.Notify ?? step.Group?.Common.Notify,
            IfChanged = step.Step.Common.IfChanged ?? step.Group?.Common.IfChanged,
            Priority = pipeline.Priority ?? 0,
        };
        if (step.Group?.Common.Skip is { } groupSkip && !spec.Skipped)
        {
            spec = spec with { Skipped = true, SkipReason = groupSkip.Length == 0 ? null : groupSkip };
        }

        // if_changed, as the Buildkite agent applies it at upload: a step no changed file matches is created skipped.
        if (!spec.Skipped && spec.IfChanged is { } ifChanged && changedFiles is not null && !IfChangedMatcher.Matches(ifChanged, changedFiles))
        {
            spec = spec with { Skipped = true, SkipReason = "if_changed: no changed file matches" };
        }

        var empty = new Dictionary<string, string>();
        switch (step.Step)
        {
            case CommandStep command:
                return CreateCommandJobs(pipeline, step, command, dependsOn, spec);
            case BlockStep block:
                var blockJob = new PlannedJob(step.FirstJob, step.Key, step.Label ?? (block.IsInput ? "input" : "block"), "", empty, empty, "",
                    dependsOn, step.ContinueOnFailure, null, null, null, SoftFail.Never)
                {
                    Kind = block.IsInput ? JobKind.Input : JobKind.Block,
                    Spec = spec with { Block = new BlockSpec(block.Prompt, block.Fields, block.BlockedState) },
                };
                return [blockJob];
            case TriggerStep trigger:
                var triggerJob = new PlannedJob(step.FirstJob, step.Key, step.Label ?? $"Trigger {trigger.Pipeline}", "", empty, empty, "",
                    dependsOn, step.ContinueOnFailure, null, null, null, trigger.SoftFail)
                {
                    Kind = JobKind.Trigger,
                    Spec = spec with { Trigger = new TriggerSpec(trigger.Pipeline, trigger.Async, trigger.Build) },
                };
                return [triggerJob];
            default:
                return [];
        }
    }

    private static int[] AllowedPositions(PlannedStep step, List<PlannedStep> steps, int[] dependsOn)
    {
        var allowed = step.AllowFailure.SelectMany(s => Enumerable.Range(steps[s].FirstJob, steps[s].JobCount)).ToHashSet();
        return [.. Enumerable.Range(0, dependsOn.Length).Where(i => allowed.Contains(dependsOn[i]))];
    }

    private static List<PlannedJob> CreateCommandJobs(PipelineDefinition pipeline, PlannedStep step, CommandStep command, int[] dependsOn, JobSpec spec)
    {
        var options = command.Options;
        spec = spec with
        {
            Retry = options.Retry,
            Concurrency = options.Concurrency,
            Priority = options.Priority ?? spec.Priority,
            ArtifactPaths = options.ArtifactPaths,
            CancelOnBuildFailing = options.CancelOnBuildFailing,
        };
        var combinations = options.Matrix is { } matrix
            ? MatrixCombination.Expand(matrix)
            : [new MatrixCombination(new Dictionary<string, string>(), null, null)];
        var jobs = new List<PlannedJob>();
        var count = command.Parallelism ?? 1;
        foreach (var combination in combinations)
        {
            var values = combination.Values;
            var hasMatrix = options.Matrix is not null;
            var env = Overlay(pipeline.Env, command.Env, values);
            var agents = Overlay(pipeline.Agents, command.Agents, values);
            var queue = agents.Remove("queue", out var q) && !string.IsNullOrEmpty(q) ? q : BuildPlanner.DefaultQueue;
            var label = MatrixTokens.Substitute(command.Label ?? DefaultLabel(command), values);
            if (hasMatrix && !MatrixTokens.Names(command.Label ?? "").Any())
            {
                label = $"{label} ({string.Join(", ", values.Values)})";
            }

            var script = MatrixTokens.Substitute(string.Join("\n", command.Commands), values);
            var jobSpec = spec with
            {
                Plugins = [.. options.Plugins.Select(p => p with { Config = Substitute(p.Config, values) })],
                MatrixValues = hasMatrix ? values : null,
                Skipped = spec.Skipped || combination.Skip is not null,
                SkipReason = spec.SkipReason ?? (string.IsNullOrEmpty(combination.Skip) ? null : combination.Skip),
            };
            for (var n = 0; n < count; n++)
            {
                jobs.Add(new PlannedJob(
                    step.FirstJob + jobs.Count,
                    command.Key,
                    command.Parallelism is { } p ? $"{label} ({n + 1}/{p})" : label,
                    script,
                    env,
                    agents,
                    queue,
                    dependsOn,
                    step.ContinueOnFailure,
                    command.Parallelism is null ? null : n,
                    command.Parallelism,
                    command.TimeoutInMinutes,
                    combination.SoftFail ?? command.SoftFail)
                {
                    Spec = jobSpec,
                });
            }
        }

        return jobs;
    }

    private static Dictionary<string, string> Overlay(
        IReadOnlyDictionary<string, string> baseValues, IReadOnlyDictionary<string, string> overrides, IReadOnlyDictionary<string, string> matrix)
    {
        var result = new Dictionary<string, string>(baseValues, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            result[key] = MatrixTokens.Substitute(value, matrix);
        }

        return result;
    }

    private static JsonNode? Substitute(JsonNode? node, IReadOnlyDictionary<string, string> values)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    copy[MatrixTokens.Substitute(key, values)] = Substitute(value, values);
                }

                return copy;
            case JsonArray array:
                return new JsonArray([.. array.Select(v => Substitute(v, values))]);
            default:
                return node.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? JsonValue.Create(MatrixTokens.Substitute(node.GetValue<string>(), values))
                    : node.DeepClone();
        }
    }

    /// <summary>The first non-blank command line, trimmed and cut to 60 characters; the key when there is none.</summary>
    public static string DefaultLabel(CommandStep step)
    {
        var line = step.Commands
            .SelectMany(c => c.Split('\n'))
            .Select(l => l.Trim())
            .FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return step.Key ?? "";
        }

        return line.Length <= MaxDefaultLabelLength ? line : string.Concat(line.AsSpan(0, MaxDefaultLabelLength - 1), "…");
    }
}
