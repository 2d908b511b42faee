using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>
/// Expands a parsed pipeline into the jobs of one build: one job per command step, or N for <c>parallelism: N</c>, with
/// dependencies from <c>wait</c> barriers and <c>depends_on</c>. Graph problems (unknown or duplicate keys, cycles, too
/// many jobs) come back as errors rather than a partial plan.
/// </summary>
internal static class BuildPlanner
{
    public const int MaxJobs = 500;
    public const string DefaultQueue = "default";
    private const int MaxDefaultLabelLength = 60;

    public static BuildPlan Plan(PipelineDefinition pipeline, string fileName)
    {
        var steps = pipeline.Steps;
        var errors = new List<PipelineError>();
        var firstJob = new int[steps.Count];
        var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var total = 0;
        for (var i = 0; i < steps.Count; i++)
        {
            firstJob[i] = total;
            if (steps[i] is not CommandStep command)
            {
                continue;
            }

            total += command.Parallelism ?? 1;
            if (command.Key is { } key && !byKey.TryAdd(key, i))
            {
                errors.Add(Error(fileName, command, $"duplicate key '{key}' (already used by the step at line {steps[byKey[key]].Line})"));
            }
        }

        if (total > MaxJobs)
        {
            // Report once, at the step that crosses the limit, and stop before allocating anything per job.
            var culprit = steps.Select((s, i) => (s, i)).First(x => x.s is CommandStep c && firstJob[x.i] + (c.Parallelism ?? 1) > MaxJobs).s;
            errors.Add(Error(fileName, culprit, $"pipeline expands to {total} jobs; at most {MaxJobs} are allowed"));
            return new BuildPlan([], errors);
        }

        var dependencies = ResolveDependencies(steps, firstJob, byKey, fileName, errors);
        if (errors.Count == 0)
        {
            FindCycle(steps, dependencies, fileName, errors);
        }

        return errors.Count > 0 ? new BuildPlan([], errors) : new BuildPlan(CreateJobs(pipeline, firstJob, dependencies), errors);
    }

    /// <summary>For each command step: the steps it waits for, and whether a continue-on-failure wait put them there.</summary>
    private static StepDependencies?[] ResolveDependencies(
        IReadOnlyList<PipelineStep> steps, int[] firstJob, Dictionary<string, int> byKey, string fileName, List<PipelineError> errors)
    {
        var result = new StepDependencies?[steps.Count];
        var barrier = 0; // steps before this index are behind the latest wait
        var continueOnFailure = false;
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is WaitStep wait)
            {
                barrier = i;
                continueOnFailure = wait.ContinueOnFailure;
                continue;
            }

            var command = (CommandStep)steps[i];
            var on = new SortedSet<int>();

            // depends_on: null or [] means "explicitly nothing", which also drops the implicit wait ordering.
            var implicitWait = command.DependsOn is not { Count: 0 };
            if (implicitWait)
            {
                on.UnionWith(Enumerable.Range(0, barrier).Where(s => steps[s] is CommandStep));
            }

            foreach (var key in command.DependsOn ?? [])
            {
                if (key == command.Key)
                {
                    errors.Add(Error(fileName, command, $"depends_on '{key}' refers to the step itself"));
                }
                else if (byKey.TryGetValue(key, out var target))
                {
                    on.Add(target);
                }
                else
                {
                    errors.Add(Error(fileName, command, $"depends_on '{key}' does not match any step key"));
                }
            }

            var hasWaitJobs = firstJob[barrier] > 0;
            result[i] = new StepDependencies(on, implicitWait && continueOnFailure && hasWaitJobs);
        }

        return result;
    }

    private static void FindCycle(IReadOnlyList<PipelineStep> steps, StepDependencies?[] dependencies, string fileName, List<PipelineError> errors)
    {
        // Implicit wait edges always point backwards, so only a forward depends_on can close a cycle; a DFS finds it.
        var state = new byte[steps.Count]; // 0 = unvisited, 1 = on the current path, 2 = done
        var path = new List<int>();
        for (var start = 0; start < steps.Count; start++)
        {
            if (dependencies[start] is not null && Visit(start))
            {
                return;
            }
        }

        bool Visit(int step)
        {
            if (state[step] == 2)
            {
                return false;
            }

            if (state[step] == 1)
            {
                var cycle = path.Skip(path.IndexOf(step)).Append(step).Select(s => NameOf(steps[s]));
                errors.Add(Error(fileName, steps[step], $"depends_on forms a cycle: {string.Join(" -> ", cycle)}"));
                return true;
            }

            state[step] = 1;
            path.Add(step);
            foreach (var next in dependencies[step]!.Steps)
            {
                if (Visit(next))
                {
                    return true;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[step] = 2;
            return false;
        }
    }

    private static List<PlannedJob> CreateJobs(PipelineDefinition pipeline, int[] firstJob, StepDependencies?[] dependencies)
    {
        var jobs = new List<PlannedJob>();
        for (var i = 0; i < pipeline.Steps.Count; i++)
        {
            if (pipeline.Steps[i] is not CommandStep step)
            {
                continue;
            }

            var deps = dependencies[i]!;
            int[] dependsOn = [.. deps.Steps.SelectMany(s => JobsOf(pipeline.Steps[s], firstJob[s])).Order()];
            var env = Overlay(pipeline.Env, step.Env);
            var agents = Overlay(pipeline.Agents, step.Agents);
            var queue = agents.Remove("queue", out var q) && !string.IsNullOrEmpty(q) ? q : DefaultQueue;
            var label = step.Label ?? DefaultLabel(step);
            var command = string.Join("\n", step.Commands);
            var count = step.Parallelism ?? 1;
            for (var n = 0; n < count; n++)
            {
                jobs.Add(new PlannedJob(
                    firstJob[i] + n,
                    step.Key,
                    step.Parallelism is { } p ? $"{label} ({n + 1}/{p})" : label,
                    command,
                    env,
                    agents,
                    queue,
                    dependsOn,
                    deps.ContinueOnFailure,
                    step.Parallelism is null ? null : n,
                    step.Parallelism,
                    step.TimeoutInMinutes,
                    step.SoftFail));
            }
        }

        return jobs;
    }

    private static IEnumerable<int> JobsOf(PipelineStep step, int first)
        => Enumerable.Range(first, step is CommandStep command ? command.Parallelism ?? 1 : 0);

    private static Dictionary<string, string> Overlay(IReadOnlyDictionary<string, string> baseValues, IReadOnlyDictionary<string, string> overrides)
    {
        var result = new Dictionary<string, string>(baseValues, StringComparer.Ordinal);
        foreach (var (key, value) in overrides)
        {
            result[key] = value;
        }

        return result;
    }

    /// <summary>The first non-blank command line, trimmed and cut to 60 characters; the key when there is none.</summary>
    internal static string DefaultLabel(CommandStep step)
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

    private static string? NameOf(PipelineStep step)
        => step is CommandStep command ? command.Key ?? command.Label ?? $"line {step.Line}" : $"line {step.Line}";

    private static PipelineError Error(string fileName, PipelineStep step, string message)
        => new(fileName, step.Line, step.Column, step is CommandStep c ? c.Key ?? c.Label : null, message);

    private sealed record StepDependencies(SortedSet<int> Steps, bool ContinueOnFailure);
}
