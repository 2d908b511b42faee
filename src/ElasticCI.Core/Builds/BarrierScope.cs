using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>
/// The implicit wait/block ordering of one scope (the top level, or one group): walks its steps in order and gives each
/// the steps it waits for because of the barriers before it.
/// </summary>
internal sealed class BarrierScope(List<PlannedStep> steps, Dictionary<string, List<int>> byKey, string fileName, List<PipelineError> errors)
{
    /// <summary>What a step without <c>depends_on</c> waits for: the last barrier's steps.</summary>
    public List<int> Barrier { get; set; } = [];

    /// <summary>True when <see cref="Barrier"/> comes from a <c>wait: {continue_on_failure: true}</c>.</summary>
    public bool ContinueOnFailure { get; set; }

    /// <summary>Every step so far (what the next wait waits for).</summary>
    public List<int> Before { get; } = [];

    public void Order(int index)
    {
        var step = steps[index];
        if (step.Omitted)
        {
            return;
        }

        switch (step.Step)
        {
            case WaitStep wait:
                Barrier = step.OwnDependencies is { } own ? Resolve(step, own) : [.. Before];
                ContinueOnFailure = wait.ContinueOnFailure;
                step.Covers.AddRange(Barrier);
                return;
            case BlockStep { IsInput: false } when step.OwnDependencies is not { Count: 0 }:
                // A block waits for everything before it, and everything after it waits for the block.
                step.Implicit = [.. Before];
                Before.Add(index);
                Barrier = [.. Before];
                ContinueOnFailure = false;
                return;
            default:
                // Command, trigger, input, and a block with depends_on: ~ (which gates nothing implicitly).
                step.Implicit = [.. Barrier];
                step.ContinueOnFailure = ContinueOnFailure && Barrier.Count > 0;
                Before.Add(index);
                return;
        }
    }

    /// <summary>
    /// A wait's own <c>depends_on</c>: the steps it names, already seen (a wait has no job to fail, so a key this document
    /// does not have before the wait is an error here).
    /// </summary>
    private List<int> Resolve(PlannedStep wait, IReadOnlyList<StepDependency> dependencies)
    {
        var targets = new List<int>();
        foreach (var dependency in dependencies)
        {
            if (byKey.TryGetValue(dependency.Key, out var found) && found.All(t => t < steps.IndexOf(wait)))
            {
                targets.AddRange(found.Where(t => steps[t].RunsJobs));
            }
            else
            {
                errors.Add(BuildPlanner.Error(fileName, wait.Step, $"wait depends_on '{dependency.Key}' must name a step before the wait"));
            }
        }

        return [.. targets.Distinct()];
    }
}
