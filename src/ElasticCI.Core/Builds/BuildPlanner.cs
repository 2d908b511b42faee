using ElasticCI.Pipelines;
using ElasticCI.Pipelines.Conditionals;

namespace ElasticCI.Builds;

/// <summary>
/// Expands a parsed pipeline into the jobs of one build. <c>if</c>/<c>branches</c> are evaluated against the
/// <see cref="BuildContext"/> (false: the step is omitted and listed in <see cref="BuildPlan.Omitted"/>); command steps
/// give one job per matrix combination × parallel index; block, input and trigger steps give one job each. Ordering
/// comes from <c>wait</c> and <c>block</c> barriers (scoped to their group inside a group) and <c>depends_on</c>
/// (a group's key means all of its jobs, a wait's key what the wait waits for). As on Buildkite, an explicit
/// <c>depends_on</c> (on the step, or on its group) replaces the implicit wait/block dependencies instead of adding to
/// them; a step without one keeps them. A key this document does not have is left on the job
/// (<see cref="PlannedJob.ExternalDependencies"/>) for the store to resolve against the rest of the build. Graph
/// problems come back as errors, all of them, rather than a partial plan.
/// </summary>
internal static class BuildPlanner
{
    public const int MaxJobs = 500;
    public const string DefaultQueue = "default";

    /// <summary>Plans with an empty <see cref="BuildContext"/> (no branch, no message…).</summary>
    public static BuildPlan Plan(PipelineDefinition pipeline, string fileName) => Plan(pipeline, fileName, BuildContext.Empty);

    public static BuildPlan Plan(PipelineDefinition pipeline, string fileName, BuildContext context)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<PipelineError>();
        var steps = Flatten(pipeline.Steps);
        var omitted = EvaluateConditions(steps, context, fileName, errors);
        var byKey = IndexKeys(pipeline.Steps, steps, fileName, errors);
        var total = CountJobs(steps, fileName, errors);
        if (total <= MaxJobs)
        {
            OrderByBarriers(pipeline.Steps, steps, byKey, fileName, errors);
            ResolveDependsOn(steps, byKey, fileName, errors);
            if (errors.Count == 0)
            {
                DependencyCycle.Find(steps, fileName, errors);
            }
        }

        if (errors.Count > 0)
        {
            return new BuildPlan([], errors) { Omitted = omitted };
        }

        var jobs = steps.Where(s => s.RunsJobs)
            .SelectMany(s => PlannedJobFactory.Create(pipeline, s, steps, context.ChangedFiles)
                .Select(j => s.External.Count == 0 ? j : j with { ExternalDependencies = [.. s.External] }))
            .ToList();
        return new BuildPlan(jobs, errors) { Omitted = omitted };
    }

    private static List<PlannedStep> Flatten(IReadOnlyList<PipelineStep> steps)
        => [.. steps.SelectMany(s => s is GroupStep group ? group.Steps.Select(c => new PlannedStep(c, group)) : [new PlannedStep(s, null)])];

    private static List<OmittedStep> EvaluateConditions(List<PlannedStep> steps, BuildContext context, string fileName, List<PipelineError> errors)
    {
        var omitted = new List<OmittedStep>();
        var reportedGroups = new HashSet<GroupStep>(ReferenceEqualityComparer.Instance);
        foreach (var step in steps)
        {
            var reason = step.Group is { } group ? Exclude(group, context, fileName, errors) : null;
            if (reason is not null)
            {
                step.Omitted = true;
                if (reportedGroups.Add(step.Group!))
                {
                    omitted.Add(new OmittedStep(step.Group!.Line, step.Group.Column, step.Group.Common.Key, step.Group.Common.Label, reason));
                }

                continue;
            }

            reason = Exclude(step.Step, context, fileName, errors);
            if (reason is not null)
            {
                step.Omitted = true;
                omitted.Add(new OmittedStep(step.Step.Line, step.Step.Column, step.Key, step.Label, reason));
            }
        }

        return omitted;
    }

    /// <summary>Why the step is left out, or null when it stays.</summary>
    private static string? Exclude(PipelineStep step, BuildContext context, string fileName, List<PipelineError> errors)
    {
        if (step.Common.If is { } condition)
        {
            var expression = IfExpression.TryParse(condition, out var error);
            if (expression is null)
            {
                errors.Add(Error(fileName, step, error!.ToString()));
                return null;
            }

            if (!expression.Evaluate(context))
            {
                return $"if: {condition}";
            }
        }

        if (step.Common.Branches is { Count: > 0 } branches && !BranchFilter.Matches(branches, context.Branch))
        {
            return $"branches: {string.Join(' ', branches)}";
        }

        return null;
    }

    private static Dictionary<string, List<int>> IndexKeys(IReadOnlyList<PipelineStep> topLevel, List<PlannedStep> steps, string fileName, List<PipelineError> errors)
    {
        var byKey = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var owner = new Dictionary<string, PipelineStep>(StringComparer.Ordinal);
        void Add(string? key, PipelineStep step, List<int> targets)
        {
            if (key is null)
            {
                return;
            }

            if (!owner.TryAdd(key, step))
            {
                errors.Add(Error(fileName, step, $"duplicate key '{key}' (already used by the step at line {owner[key].Line})"));
                return;
            }

            byKey[key] = targets;
        }

        var index = 0;
        foreach (var entry in topLevel)
        {
            if (entry is GroupStep group)
            {
                var children = Enumerable.Range(index, group.Steps.Count).ToList();
                Add(group.Common.Key, group, children);
                foreach (var child in children)
                {
                    // A wait's key is filled in once ordering is known; the list is shared, so it is updated in place.
                    Add(steps[child].Key, steps[child].Step, steps[child].Step is WaitStep ? steps[child].Covers : [child]);
                }

                index += group.Steps.Count;
            }
            else
            {
                Add(steps[index].Key, entry, entry is WaitStep ? steps[index].Covers : [index]);
                index++;
            }
        }

        return byKey;
    }

    private static int CountJobs(List<PlannedStep> steps, string fileName, List<PipelineError> errors)
    {
        var total = 0;
        PlannedStep? culprit = null;
        foreach (var step in steps.Where(s => s.RunsJobs))
        {
            step.FirstJob = total;
            step.JobCount = step.Step is CommandStep command
                ? (command.Options.Matrix is { } matrix ? MatrixCombination.Count(matrix) : 1) * (command.Parallelism ?? 1)
                : 1;
            total = (int)Math.Min(int.MaxValue, (long)total + step.JobCount);
            culprit ??= total > MaxJobs ? step : null;
        }

        if (culprit is not null)
        {
            // Report once, at the step that crosses the limit, and stop before allocating anything per job.
            errors.Add(Error(fileName, culprit.Step, $"pipeline expands to {total} jobs; at most {MaxJobs} are allowed"));
        }

        return total;
    }

    /// <summary>
    /// Implicit ordering: a wait (or block) makes later steps wait for everything before it, within its group if in one.
    /// A group with its own <c>depends_on</c> does not inherit the barrier outside it; a wait with its own
    /// <c>depends_on</c> waits for those steps only; a block with <c>depends_on: ~</c> gates nothing implicitly.
    /// </summary>
    private static void OrderByBarriers(
        IReadOnlyList<PipelineStep> topLevel, List<PlannedStep> steps, Dictionary<string, List<int>> byKey, string fileName, List<PipelineError> errors)
    {
        var scope = new BarrierScope(steps, byKey, fileName, errors);
        var index = 0;
        foreach (var entry in topLevel)
        {
            if (entry is GroupStep group)
            {
                var explicitDependencies = group.Common.DependsOn is not null;
                var inner = new BarrierScope(steps, byKey, fileName, errors)
                {
                    Barrier = explicitDependencies ? [] : [.. scope.Barrier],
                    ContinueOnFailure = !explicitDependencies && scope.ContinueOnFailure,
                };
                inner.Before.AddRange(inner.Barrier);
                for (var i = 0; i < group.Steps.Count; i++, index++)
                {
                    inner.Order(index);
                }

                scope.Before.AddRange(inner.Before.Except(scope.Barrier));
                continue;
            }

            scope.Order(index++);
        }
    }

    private static void ResolveDependsOn(List<PlannedStep> steps, Dictionary<string, List<int>> byKey, string fileName, List<PipelineError> errors)
    {
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (!step.RunsJobs)
            {
                continue;
            }

            var own = step.OwnDependencies;
            if (own is null)
            {
                // No depends_on of its own: the wait/block ordering applies (a group's depends_on already replaced the outer barrier).
                step.DependsOn.UnionWith(step.Implicit);
            }
            else
            {
                // Buildkite: "a step with an explicit dependency runs as soon as that dependency completes, without waiting
                // for block or wait steps that are not among its explicit dependencies" (issue 13; buildkite-agent.md §1.3).
                step.ContinueOnFailure = false;
            }

            var all = (own ?? []).Concat(step.Group?.Common.DependsOn ?? []);
            foreach (var dependency in all)
            {
                if (dependency.Key == step.Key)
                {
                    errors.Add(Error(fileName, step.Step, $"depends_on '{dependency.Key}' refers to the step itself"));
                }
                else if (step.Group is { } group && dependency.Key == group.Common.Key)
                {
                    errors.Add(Error(fileName, step.Step, $"depends_on '{dependency.Key}' refers to the group containing the step"));
                }
                else if (byKey.TryGetValue(dependency.Key, out var targets))
                {
                    // Steps omitted by if/branches have no jobs; depending on them is satisfied trivially.
                    foreach (var target in targets.Where(t => steps[t].RunsJobs))
                    {
                        step.DependsOn.Add(target);
                        if (dependency.AllowFailure)
                        {
                            step.AllowFailure.Add(target);
                        }
                    }
                }
                else if (!step.External.Contains(dependency))
                {
                    // Not in this document: an earlier document of the build may have it; the store decides.
                    step.External.Add(dependency);
                }
            }
        }
    }

    /// <summary>The first non-blank command line, trimmed and cut to 60 characters; the key when there is none.</summary>
    internal static string DefaultLabel(CommandStep step) => PlannedJobFactory.DefaultLabel(step);

    internal static PipelineError Error(string fileName, PipelineStep step, string message)
        => new(fileName, step.Line, step.Column, step.Common.Key ?? (step as CommandStep)?.Key ?? step.Common.Label ?? (step as CommandStep)?.Label, message);
}
