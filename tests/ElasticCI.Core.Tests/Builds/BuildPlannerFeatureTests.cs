using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

public sealed class BuildPlannerFeatureTests
{
    private static readonly BuildContext Main = new() { Branch = "main", Message = "ship it", Env = new Dictionary<string, string> { ["FULL"] = "1" } };

    [Fact]
    public void Plan_IfAndBranches_OmitStepsAndDropDependenciesOnThem()
    {
        var plan = Plan("""
            steps:
              - { key: a, command: a, if: build.branch == "main" }
              - { key: b, command: b, if: build.branch != "main" }
              - { key: c, command: c, branches: "release/* !release/old" }
              - { key: d, command: d, depends_on: [a, b, c], if: build.env("FULL") == "1" }
            """, Main);

        Assert.Equal(["a", "d"], plan.Jobs.Select(j => j.StepKey));
        Assert.Equal([0], plan.Jobs[1].DependsOn);
        Assert.Equal(
            [("b", "if: build.branch != \"main\""), ("c", "branches: release/* !release/old")],
            plan.Omitted.Select(o => (o.Key!, o.Reason)));
    }

    [Fact]
    public void Plan_OldOverload_UsesEmptyContext()
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid("steps:\n  - { command: a, if: build.branch == 'main' }\n  - command: b\n"), "p.yml");

        Assert.Equal(["b"], plan.Jobs.Select(j => j.Command));
        Assert.Single(plan.Omitted);
    }

    [Theory]
    [InlineData("main", "main", true)]
    [InlineData("main release/*", "release/1.2", true)]
    [InlineData("*", "anything", true)]
    [InlineData("release/*", "main", false)]
    [InlineData("!main", "feature", true)]
    [InlineData("!main", "main", false)]
    [InlineData("release/* !release/old", "release/old", false)]
    [InlineData("*-stable", "3-stable", true)]
    [InlineData("fe*re", "feature", true)]
    [InlineData("main", "main2", false)]
    public void BranchFilter_Patterns_MatchLikeBuildkite(string patterns, string branch, bool expected)
        => Assert.Equal(expected, BranchFilter.Matches(patterns.Split(' '), branch));

    [Fact]
    public void Plan_BlockIsABarrierInputIsNot()
    {
        var jobs = Plan("""
            steps:
              - { key: build, command: make }
              - input: Release notes
                key: notes
                fields: [{ text: Notes, key: notes }]
              - { key: lint, command: lint }
              - block: Deploy?
                blocked_state: running
              - { key: deploy, command: deploy, depends_on: notes }
              - { key: report, command: report, depends_on: ~ }
            """, Main).Jobs;

        Assert.Equal([JobKind.Command, JobKind.Input, JobKind.Command, JobKind.Block, JobKind.Command, JobKind.Command], jobs.Select(j => j.Kind));
        Assert.Empty(jobs[1].DependsOn);
        Assert.Empty(jobs[2].DependsOn);
        Assert.Equal([0, 1, 2], jobs[3].DependsOn);
        Assert.Equal(BlockedState.Running, jobs[3].Spec.Block!.BlockedState);
        // deploy names notes: it waits for the input only, not for the block before it (Buildkite: an explicit
        // depends_on replaces the implicit wait/block dependencies; issue 13, buildkite-agent.md §1.3).
        Assert.Equal([1], jobs[4].DependsOn);
        Assert.Empty(jobs[5].DependsOn);
        Assert.Equal("notes", jobs[1].Spec.Block!.Fields.Single().Key);
    }

    [Fact]
    public void Plan_Groups_ScopeWaitsApplyDependsOnAndExpandGroupKeys()
    {
        var jobs = Plan("""
            steps:
              - { key: setup, command: setup }
              - wait: { continue_on_failure: true }
              - group: ":test_tube: Tests"
                key: tests
                depends_on: [{ step: lint, allow_failure: true }]
                allow_dependency_failure: true
                notify: [{ github_commit_status: { context: tests } }]
                steps:
                  - { key: unit, command: unit, parallelism: 2 }
                  - wait
                  - { key: integration, command: integration }
              - { key: lint, command: lint }
              - { key: publish, command: publish, depends_on: tests }
            """, Main).Jobs;

        Assert.Equal(["setup", "unit", "unit", "integration", "lint", "publish"], jobs.Select(j => j.StepKey));
        // The group's own depends_on replaces the wait before it (Buildkite: an explicit depends_on replaces the implicit
        // wait/block dependencies; issue 13, buildkite-agent.md §1.3), so unit waits for lint only, and not on failure terms.
        Assert.Equal([4], jobs[1].DependsOn);
        Assert.False(jobs[1].ContinueOnFailure);
        Assert.Equal([1, 2, 4], jobs[3].DependsOn);
        Assert.Equal([2], jobs[3].Spec.AllowedFailureDependencies); // position of lint (4) in [1, 2, 4]
        Assert.All(jobs.Skip(1).Take(3), j => Assert.Equal(("tests", ":test_tube: Tests", true), (j.Spec.GroupKey!, j.Spec.GroupLabel!, j.Spec.AllowDependencyFailure)));
        Assert.Equal([0], jobs[1].Spec.AllowedFailureDependencies);
        Assert.NotNull(jobs[3].Spec.Notify);
        Assert.Equal([0], jobs[4].DependsOn); // the wait inside the group does not reach outside it
        Assert.Equal([1, 2, 3], jobs[5].DependsOn); // the group's jobs only: its explicit depends_on replaces the wait
    }

    [Fact]
    public void Plan_DependsOnWaitKey_MeansWhatTheWaitWaitsFor()
    {
        var jobs = Plan("steps:\n  - command: a\n  - wait: { key: gate }\n  - command: b\n  - { command: c, depends_on: gate }\n", Main).Jobs;

        Assert.Equal([0], jobs[2].DependsOn);
    }

    [Fact]
    public void Plan_MatrixWithAdjustmentsAndParallelism_ExpandsEveryCombination()
    {
        var jobs = Plan("""
            steps:
              - label: "test {{matrix.os}}/{{matrix.ruby}}"
                command: "bin/test --ruby {{ matrix.ruby }}"
                parallelism: 2
                env: { OS: "{{matrix.os}}" }
                agents: { queue: "{{matrix.os}}", arch: x86 }
                plugins: [{ "docker#v5": { image: "ruby:{{matrix.ruby}}" } }]
                soft_fail: false
                matrix:
                  setup:
                    os: [linux, mac]
                    ruby: ["3.2", "3.3"]
                  adjustments:
                    - with: { os: mac, ruby: "3.2" }
                      skip: "no 3.2 on mac"
                    - with: { os: linux, ruby: "3.3" }
                      soft_fail: [{ exit_status: 3 }]
                    - with: { os: windows, ruby: "3.3" }
                      soft_fail: true
            """, Main).Jobs;

        Assert.Equal(5 * 2, jobs.Count);
        Assert.Equal(
            ["test linux/3.2 (1/2)", "test linux/3.2 (2/2)", "test linux/3.3 (1/2)", "test linux/3.3 (2/2)", "test mac/3.2 (1/2)",
             "test mac/3.2 (2/2)", "test mac/3.3 (1/2)", "test mac/3.3 (2/2)", "test windows/3.3 (1/2)", "test windows/3.3 (2/2)"],
            jobs.Select(j => j.Label));
        Assert.Equal(Enumerable.Range(0, 10), jobs.Select(j => j.Index));
        Assert.Equal([0, 1, 0, 1], jobs.Take(4).Select(j => j.ParallelJob!.Value));
        Assert.Equal(("bin/test --ruby 3.3", "mac", "mac", "x86"), (jobs[6].Command, jobs[6].Env["OS"], jobs[6].Queue, jobs[6].AgentRules["arch"]));
        Assert.Equal("{\"image\":\"ruby:3.3\"}", jobs[6].Spec.Plugins[0].Config!.ToJsonString());
        Assert.Equal([4, 5], jobs.Where(j => j.Spec.Skipped).Select(j => j.Index));
        Assert.Equal("no 3.2 on mac", jobs[4].Spec.SkipReason);
        Assert.Equal([3], jobs[2].SoftFail.ExitStatuses);
        Assert.True(jobs[8].SoftFail.Any);
        Assert.Equal(SoftFail.Never, jobs[0].SoftFail);
    }

    [Theory]
    [InlineData("[a, b, c]", "", 3)]
    [InlineData("{setup: [a, b], adjustments: [{with: [c]}, {with: [c], skip: true}, {with: [a], skip: true}]}", "", 3)]
    [InlineData("{setup: {x: [1, 2, 3], y: [1, 2]}}", "", 6)]
    [InlineData("{setup: {x: [1, 2, 3], y: [1, 2]}, adjustments: [{with: {x: 4, y: 1}}, {with: {x: 1, y: 3}}, {with: {x: 1, y: 1}, skip: true}]}", "", 8)]
    [InlineData("{setup: {x: [1, 2, 3], y: [1, 2]}}", "parallelism: 4", 24)]
    [InlineData("{setup: {a: [1, 2], b: [1, 2], c: [1, 2], d: [1, 2], e: [1, 2], f: [1, 2]}}", "", 64)]
    public void Plan_MatrixShapes_GiveExpectedJobCount(string matrix, string extra, int expected)
    {
        var jobs = Plan($"steps:\n  - command: x\n    matrix: {matrix}\n    {extra}\n", Main).Jobs;

        Assert.Equal(expected, jobs.Count);
        Assert.Equal(expected, jobs.Select(j => (j.Label, j.ParallelJob)).Distinct().Count());
    }

    [Fact]
    public void Plan_CommandAttributes_CopiedToJobSpec()
    {
        var job = Assert.Single(Plan("""
            priority: 1
            steps:
              - command: deploy
                skip: "frozen"
                priority: 9
                cancel_on_build_failing: true
                concurrency: 1
                concurrency_group: prod-deploy
                artifact_paths: ["out/**", "logs/*.txt"]
                retry: { automatic: { exit_status: -1, limit: 3 }, manual: { permit_on_passed: false } }
                if_changed: { include: "src/**" }
            """, Main).Jobs);

        Assert.Equal((true, "frozen", 9, true), (job.Spec.Skipped, job.Spec.SkipReason, job.Spec.Priority, job.Spec.CancelOnBuildFailing));
        Assert.Equal(new ConcurrencyLimit(1, "prod-deploy", ConcurrencyMethod.Ordered), job.Spec.Concurrency);
        Assert.Equal(["out/**", "logs/*.txt"], job.Spec.ArtifactPaths);
        var rule = Assert.Single(job.Spec.Retry!.Automatic);
        Assert.Equal([-1], rule.ExitStatuses!);
        Assert.Equal(3, rule.Limit);
        Assert.Equal(new ManualRetry(true, false, null), job.Spec.Retry!.Manual);
        Assert.Equal("{\"include\":\"src/**\"}", job.Spec.IfChanged!.ToJsonString());
    }

    [Fact]
    public void Plan_GroupSkipAndTrigger_Marked()
    {
        var jobs = Plan("""
            steps:
              - group: Later
                skip: true
                steps: [{ command: x }]
              - trigger: downstream
                label: Downstream
                async: true
                build: { message: "from upstream", env: { A: "1" } }
            """, Main).Jobs;

        Assert.True(jobs[0].Spec.Skipped);
        Assert.Equal((JobKind.Trigger, "Downstream", "", "downstream", true), (jobs[1].Kind, jobs[1].Label, jobs[1].Queue, jobs[1].Spec.Trigger!.Pipeline, jobs[1].Spec.Trigger!.Async));
        Assert.Equal("1", jobs[1].Spec.Trigger!.Build.Env["A"]);
    }

    private static BuildPlan Plan(string yaml, BuildContext context)
    {
        var plan = BuildPlanner.Plan(PipelineParserTests.ParseValid(yaml), "p.yml", context);
        Assert.True(plan.Succeeded, string.Join("\n", plan.Errors));
        return plan;
    }
}
