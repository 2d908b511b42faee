using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

public sealed class BuildPlannerTests
{
    [Fact]
    public void Plan_ExamplePipeline_SixParallelJobsThenDeployDependingOnAll()
    {
        var jobs = PlanValid(PipelineParserTests.Example);

        Assert.Equal(7, jobs.Count);
        for (var i = 0; i < 6; i++)
        {
            var job = jobs[i];
            Assert.Equal((i, "test", $":test_tube: test ({i + 1}/6)"), (job.Index, job.StepKey, job.Label));
            Assert.Equal((i, 6), (job.ParallelJob!.Value, job.ParallelJobCount!.Value));
            Assert.Equal("echo \"$GREETING from $BUILDKITE_PARALLEL_JOB\"", job.Command);
            Assert.Empty(job.DependsOn);
            Assert.Equal("hello", job.Env["GREETING"]);
        }

        var deploy = jobs[6];
        Assert.Equal((6, null, "deploy", "echo one\necho two"), (deploy.Index, deploy.StepKey, deploy.Label, deploy.Command));
        Assert.Equal([0, 1, 2, 3, 4, 5], deploy.DependsOn);
        Assert.False(deploy.ContinueOnFailure);
        Assert.Null(deploy.ParallelJob);
        Assert.Null(deploy.ParallelJobCount);
        Assert.Equal("default", deploy.Queue);
        Assert.Empty(deploy.AgentRules);
        Assert.Equal("hello", deploy.Env["GREETING"]);
    }

    [Fact]
    public void Plan_ParallelismWaitsAndDependsOn_BuildsExactGraph()
    {
        var jobs = PlanValid("""
            steps:
              - { key: a, command: a, parallelism: 2 }
              - { key: b, command: b }
              - wait
              - { key: c, command: c, parallelism: 3, depends_on: d }
              - { key: d, command: d }
              - { key: e, command: e, depends_on: [] }
              - { key: f, command: f, depends_on: [{ step: e }] }
              - wait: { continue_on_failure: true }
              - { key: g, command: g }
              - { key: h, command: h, depends_on: ~ }
            """);

        // Buildkite: a step with an explicit depends_on "runs as soon as that dependency completes, without waiting for
        // block or wait steps that are not among its explicit dependencies" (issue 13; buildkite-agent.md §1.3: depends_on
        // null/~/[] runs immediately, "ignoring implicit wait ordering"). The explicit list replaces the wait, it is not added to it.
        int[][] expected =
        [
            [], [], [],                       // a (0, 1), b (2): nothing before them
            [6], [6], [6],                    // c: only d (which comes later in the file), not the wait
            [0, 1, 2],                        // d: the wait
            [],                               // e: depends_on [] drops the wait
            [7],                              // f: only e
            [0, 1, 2, 3, 4, 5, 6, 7, 8],      // g: everything before the second wait
            [],                               // h: depends_on ~ drops it too
        ];
        Assert.Equal(expected, jobs.Select(j => j.DependsOn.ToArray()).ToArray());
        Assert.Equal(["a", "a", "b", "c", "c", "c", "d", "e", "f", "g", "h"], jobs.Select(j => j.StepKey));
        Assert.Equal(Enumerable.Range(0, 11), jobs.Select(j => j.Index));
        Assert.Equal([false, false, false, false, false, false, false, false, false, true, false], jobs.Select(j => j.ContinueOnFailure));
    }

    [Fact]
    public void Plan_LeadingAndRepeatedWaits_AreHarmless()
    {
        var jobs = PlanValid("steps:\n  - wait\n  - wait: {continue_on_failure: true}\n  - command: a\n  - wait\n  - wait\n  - command: b\n");

        Assert.Equal(2, jobs.Count);
        Assert.Empty(jobs[0].DependsOn);
        Assert.False(jobs[0].ContinueOnFailure);
        Assert.Equal([0], jobs[1].DependsOn);
    }

    [Fact]
    public void Plan_EnvAndAgents_StepOverlaysTopLevelAndQueueIsSplitOut()
    {
        var jobs = PlanValid("""
            env: { A: top, B: top }
            agents: { queue: builders, os: linux }
            steps:
              - command: one
                env: { B: step, C: step }
                agents: [os=mac, arch=arm64]
              - command: two
                agents: { queue: gpu }
            """);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "top", ["B"] = "step", ["C"] = "step" }, jobs[0].Env);
        Assert.Equal(new Dictionary<string, string> { ["os"] = "mac", ["arch"] = "arm64" }, jobs[0].AgentRules);
        Assert.Equal("builders", jobs[0].Queue);
        Assert.Equal(new Dictionary<string, string> { ["os"] = "linux" }, jobs[1].AgentRules);
        Assert.Equal("gpu", jobs[1].Queue);
    }

    [Theory]
    [InlineData("steps: [{command: x}]")]
    [InlineData("steps: [{command: x, agents: {queue: ''}}]")]
    [InlineData("agents: {os: linux}\nsteps: [{command: x}]")]
    public void Plan_NoQueue_UsesDefaultQueue(string yaml)
        => Assert.Equal("default", Assert.Single(PlanValid(yaml)).Queue);

    [Fact]
    public void Plan_NoLabel_UsesFirstCommandLineTrimmedTo60Characters()
    {
        var longLine = new string('x', 80);
        var jobs = PlanValid($"steps:\n  - commands: ['  ', \"  make test  \\nmore\"]\n  - command: {longLine}\n  - {{ command: y, label: given }}\n");

        Assert.Equal("make test", jobs[0].Label);
        Assert.Equal(new string('x', 59) + "…", jobs[1].Label);
        Assert.Equal(60, jobs[1].Label.Length);
        Assert.Equal("given", jobs[2].Label);
    }

    [Fact]
    public void Plan_TimeoutAndSoftFail_CopiedToEveryJob()
    {
        var jobs = PlanValid("steps:\n  - command: x\n    parallelism: 2\n    timeout_in_minutes: 9\n    soft_fail: [{exit_status: 3}]\n");

        Assert.All(jobs, j => Assert.Equal(9, j.TimeoutInMinutes));
        Assert.All(jobs, j => Assert.True(j.SoftFail.Matches(3) && !j.SoftFail.Matches(4)));
    }

    [Fact]
    public void Plan_FiveHundredJobs_IsAllowed()
        => Assert.Equal(500, PlanValid("steps:\n  - { command: a, parallelism: 250 }\n  - { command: b, parallelism: 249 }\n  - command: c\n").Count);

    [Fact]
    public void Plan_MoreThan500Jobs_ReportsAtStepThatCrossesLimit()
        => AssertErrors(
            "steps:\n  - { command: a, parallelism: 300 }\n  - wait\n  - { key: b, command: b, parallelism: 300 }\n",
            (4, 5, "b", "pipeline expands to 600 jobs; at most 500 are allowed"));

    [Fact]
    public void Plan_DuplicateKey_ReportsSecondStep()
        => AssertErrors(
            "steps:\n  - { key: a, command: x }\n  - { key: a, command: y }\n",
            (3, 5, "a", "duplicate key 'a' (already used by the step at line 2)"));

    [Fact]
    public void Plan_SelfDependency_ReportedUnknownKeyIsNot()
        => AssertErrors(
            "steps:\n  - command: x\n    label: lint\n    depends_on: nope\n  - key: self\n    command: y\n    depends_on: [self]\n",
            (5, 5, "self", "depends_on 'self' refers to the step itself"));

    [Fact]
    public void Plan_UnknownKey_KeptOnTheJobForTheBuildToResolve()
    {
        // Buildkite resolves depends_on across the build (earlier uploads, the original pipeline); a key that exists
        // nowhere fails that step, not the upload (issue 13), so the plan succeeds and the job carries the key.
        var jobs = PlanValid("steps:\n  - { key: a, command: a }\n  - wait\n  - { key: b, command: b, depends_on: [a, { step: elsewhere, allow_failure: true }] }\n");

        Assert.Equal([0], jobs[1].DependsOn);
        Assert.Equal([new StepDependency("elsewhere", true)], jobs[1].ExternalDependencies);
        Assert.Empty(jobs[0].ExternalDependencies);
    }

    [Fact]
    public void Plan_DependencyCycle_Reported()
        => AssertErrors(
            "steps:\n  - { key: a, command: x, depends_on: c }\n  - { key: b, command: y, depends_on: a }\n  - { key: c, command: z, depends_on: b }\n",
            (2, 5, "a", "depends_on forms a cycle: a -> c -> b -> a"));

    [Fact]
    public void Plan_CycleThroughWait_Reported()
        => AssertErrors(
            "steps:\n  - { key: a, command: x, depends_on: b }\n  - wait\n  - { key: b, command: y }\n",
            (2, 5, "a", "depends_on forms a cycle: a -> b -> a"));

    private static IReadOnlyList<PlannedJob> PlanValid(string yaml)
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid(yaml), "pipeline.yml");
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return plan.Jobs;
    }

    private static void AssertErrors(string yaml, params (int Line, int Column, string? Step, string Message)[] expected)
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid(yaml), "pipeline.yml");

        Assert.False(plan.Succeeded);
        Assert.Empty(plan.Jobs);
        Assert.Equal(expected, plan.Errors.Select(e => (e.Line, e.Column, e.Step, e.Message)).ToArray());
        Assert.All(plan.Errors, e => Assert.Equal("pipeline.yml", e.File));
    }
}
