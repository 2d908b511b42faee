using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>
/// Buildkite's dependency rules (buildkite-agent.md §1.3 and §1.6; issue 13): "a step with an explicit dependency runs as
/// soon as that dependency completes, without waiting for block or wait steps that are not among its explicit
/// dependencies"; depends_on null/~/[] "runs immediately, ignoring implicit wait ordering"; a step without depends_on keeps
/// the implicit ones; a dependency on a key that exists nowhere fails only that step.
/// </summary>
public sealed class BuildPlannerDependsOnTests
{
    [Fact]
    public void Plan_ExplicitDependsOn_SkipsPrecedingWaitAndBlock()
    {
        var jobs = Plan("""
            steps:
              - { key: wheels, command: wheels }
              - { key: sdist, command: sdist }
              - wait
              - block: Release?
              - { key: upload, command: upload, depends_on: sdist }
              - { key: docs, command: docs }
            """);

        Assert.Equal(["wheels", "sdist", null, "upload", "docs"], jobs.Select(j => j.StepKey));
        Assert.Equal([0, 1], jobs[2].DependsOn); // the block waits for the wait
        Assert.Equal([1], jobs[3].DependsOn);    // explicit: sdist only, neither the wait nor the block
        Assert.Equal([0, 1, 2], jobs[4].DependsOn); // implicit: the block (and what it waited for)
    }

    [Fact]
    public void Plan_BlockWithNullDependsOn_GatesNothingImplicitly()
    {
        var jobs = Plan("""
            steps:
              - { key: lint, command: lint }
              - block: Run the slow suite?
                key: gate
                depends_on: ~
              - { key: linux, command: linux }
              - { key: slow, command: slow, depends_on: gate }
            """);

        Assert.Empty(jobs[1].DependsOn);
        Assert.Empty(jobs[2].DependsOn); // not held by the manual block
        Assert.Equal([1], jobs[3].DependsOn);
    }

    [Fact]
    public void Plan_GroupDependsOn_ReplacesOuterWaitChildDependsOnReplacesInnerWait()
    {
        var jobs = Plan("""
            steps:
              - { key: a, command: a }
              - { key: b, command: b }
              - wait
              - group: G
                depends_on: b
                steps:
                  - { key: g1, command: g1 }
                  - wait
                  - { key: g2, command: g2 }
                  - { key: g3, command: g3, depends_on: a }
              - group: H
                steps:
                  - { key: h1, command: h1 }
            """);

        Assert.Equal([1], jobs[2].DependsOn);       // g1: the group's depends_on, not the outer wait
        Assert.Equal([1, 2], jobs[3].DependsOn);    // g2: the wait inside the group, plus the group's depends_on
        Assert.Equal([0, 1], jobs[4].DependsOn);    // g3: its own (a) plus the group's (b), not the inner wait
        Assert.Equal([0, 1], jobs[5].DependsOn);    // h1: no depends_on anywhere: the outer wait
    }

    [Fact]
    public void Plan_WaitWithDependsOn_LaterStepsWaitForWhatItNames()
    {
        var jobs = Plan("steps:\n  - { key: a, command: a }\n  - { key: b, command: b }\n  - wait: { depends_on: a }\n  - command: c\n");

        Assert.Equal([0], jobs[2].DependsOn);
    }

    [Fact]
    public void Plan_WaitWithUnknownDependsOn_Reported()
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid("steps:\n  - command: a\n  - wait: { depends_on: later }\n  - { key: later, command: b }\n"), "p.yml");

        Assert.Equal(["p.yml:3:5: wait depends_on 'later' must name a step before the wait"], plan.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Plan_AllowFailure_RecordsPositionsWithinDependsOn()
    {
        var jobs = Plan("""
            steps:
              - { key: a, command: a, parallelism: 2 }
              - { key: b, command: b }
              - { key: c, command: c, depends_on: [a, { step: b, allow_failure: true }] }
            """);

        Assert.Equal([0, 1, 2], jobs[3].DependsOn);
        Assert.Equal([2], jobs[3].Spec.AllowedFailureDependencies);
        Assert.False(jobs[3].ContinueOnFailure);
    }

    [Fact]
    public void Plan_ExplicitDependsOnAfterContinueOnFailureWait_DoesNotInheritContinueOnFailure()
    {
        var jobs = Plan("steps:\n  - { key: a, command: a }\n  - wait: { continue_on_failure: true }\n  - { command: b }\n  - { command: c, depends_on: a }\n");

        Assert.True(jobs[1].ContinueOnFailure);
        Assert.False(jobs[2].ContinueOnFailure);
        Assert.Equal([0], jobs[2].DependsOn);
    }

    [Fact]
    public void Resolve_KeysOfOtherDocuments_GroupKeysUploadsAndMissing()
    {
        CrossDocumentDependencies.ExistingJob[] existing =
        [
            new("j1", "build", null, null),
            new("j2", "unit", "tests", null),
            new("j3", "lint", "tests", null),
            new("j4", "gen", null, null),
            new("j5", "gen-child", null, "j4"),
            new("j6", null, null, "j5"),
        ];
        var job = new PlannedJob(0, "x", "x", "x", new Dictionary<string, string>(), new Dictionary<string, string>(), "default", [], false, null, null, null, SoftFail.Never)
        {
            ExternalDependencies = [new("build", false), new("tests", true), new("gen", false), new("nowhere", false), new("also-missing", true)],
            Spec = JobSpec.Empty with { AllowedFailureDependencies = [0] },
        };

        var resolution = CrossDocumentDependencies.Resolve(job, ["own"], existing);

        Assert.Equal(["own", "j1", "j2", "j3", "j4", "j5", "j6"], resolution.DependsOn);
        Assert.Equal([0, 2, 3], resolution.AllowedFailureDependencies);
        Assert.Equal(["nowhere", "also-missing"], resolution.Missing);
        Assert.Equal("depends_on 'nowhere', 'also-missing' does not match any step key in this build: the step cannot run",
            CrossDocumentDependencies.MissingMessage(resolution.Missing));
    }

    private static IReadOnlyList<PlannedJob> Plan(string yaml)
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid(yaml), "pipeline.yml");
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return plan.Jobs;
    }
}
