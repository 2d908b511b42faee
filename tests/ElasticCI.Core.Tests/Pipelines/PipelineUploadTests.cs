using ElasticCI.Builds;

namespace ElasticCI.Pipelines;

/// <summary>Document-level behaviour: interpolation, several documents, top-level notify and priority.</summary>
public sealed class PipelineUploadTests
{
    private static readonly Dictionary<string, string> Upload = new()
    {
        ["BUILDKITE_BRANCH"] = "main",
        ["BUILDKITE_COMMIT"] = "abc",
        ["QUEUE"] = "",
    };

    [Fact]
    public void Parse_WithEnvironment_InterpolatesEnvInOrderThenTheRest()
    {
        var pipeline = Parse("""
            env:
              BASE: "${BUILDKITE_BRANCH}-x"
              DERIVED: "$BASE/y"
              BUILDKITE_COMMIT: overridden
              ${BUILDKITE_BRANCH}_KEY: v
            steps:
              - label: "build $DERIVED on ${QUEUE:-linux}"
                command: "echo $BUILDKITE_COMMIT $$HOME \\$PATH ${UNSET}"
                env:
                  ${BASE}_NAME: "$BASE"
                agents:
                  queue: "${QUEUE:-linux}"
                if: build.env("X") =~ /^a$$/
              - trigger: deploy
                build:
                  commit: "$BUILDKITE_COMMIT"
                  branch: "$BUILDKITE_BRANCH"
            """);

        Assert.Equal(
            new Dictionary<string, string> { ["BASE"] = "main-x", ["DERIVED"] = "main-x/y", ["BUILDKITE_COMMIT"] = "overridden", ["main_KEY"] = "v" },
            pipeline.Env);
        var command = Assert.IsType<CommandStep>(pipeline.Steps[0]);
        Assert.Equal("build main-x/y on linux", command.Label);
        Assert.Equal(["echo overridden $HOME $PATH "], command.Commands);
        Assert.Equal("main-x", command.Env["main-x_NAME"]);
        Assert.Equal("linux", command.Agents["queue"]);
        Assert.Equal("build.env(\"X\") =~ /^a$/", command.Common.If);
        var trigger = Assert.IsType<TriggerStep>(pipeline.Steps[1]);
        Assert.Equal(("overridden", "main"), (trigger.Build.Commit, trigger.Build.Branch));
    }

    [Fact]
    public void Parse_WithoutEnvironment_LeavesDollarsAlone()
    {
        var result = PipelineParser.Parse("steps:\n  - command: echo $$HOME ${X:?boom}\n", "p.yml");

        Assert.Equal(["echo $$HOME ${X:?boom}"], Assert.IsType<CommandStep>(result.Pipeline!.Steps[0]).Commands);
    }

    [Fact]
    public void Parse_InterpolationErrors_ReportedAtTheScalar()
    {
        var result = PipelineParser.Parse("env:\n  A: ${NEED?set NEED}\nsteps:\n  - command: echo ${oops\n", "p.yml", new PipelineParseOptions(Upload));

        Assert.Equal(
            ["p.yml:2:6: interpolation failed: $NEED: set NEED", "p.yml:4:14: interpolation failed: unterminated '${' at offset 5"],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_AnchorUsedTwice_InterpolatedOnce()
    {
        var pipeline = Parse("x: &c \"echo $$$$A\"\nsteps:\n  - command: *c\n  - command: *c\n");

        Assert.All(pipeline.Steps, s => Assert.Equal(["echo $$A"], ((CommandStep)s).Commands));
    }

    [Fact]
    public void Parse_SeveralDocuments_ConcatenatesStepsMergesEnvAndKeepsAgentsPerDocument()
    {
        var pipeline = Parse("""
            env: {A: "1", B: "1"}
            agents: {queue: first}
            priority: 5
            notify: [{email: a@example.com}]
            steps:
              - command: one
            ---
            env: {B: "2"}
            notify: [github_check]
            steps:
              - command: two
                agents: {os: linux}
              - group: g
                steps: [{command: three}]
            """);

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "2" }, pipeline.Env);
        Assert.Empty(pipeline.Agents);
        Assert.Equal(2, pipeline.Notify!.AsArray().Count);
        var jobs = BuildPlanner.Plan(pipeline, "p.yml").Jobs;
        Assert.Equal(
            [("one", "first", 5), ("two", "default", 0), ("three", "default", 0)],
            jobs.Select(j => (j.Command, j.Queue, j.Spec.Priority)));
        Assert.Equal("linux", jobs[1].AgentRules["os"]);
    }

    [Fact]
    public void Parse_TopLevelNotifyAndPriority_Kept()
    {
        var pipeline = Parse("priority: 3\nnotify:\n  - slack: '#ci'\n    if: build.state == 'failed'\nsteps:\n  - command: a\n  - {command: b, priority: -1}\n");

        Assert.Equal(3, pipeline.Priority);
        Assert.Equal("#ci", pipeline.Notify!.AsArray()[0]!["slack"]!.GetValue<string>());
        Assert.Equal([3, -1], BuildPlanner.Plan(pipeline, "p.yml").Jobs.Select(j => j.Spec.Priority));
    }

    [Fact]
    public void Parse_PluginForms_KeepSourceAndJsonConfig()
    {
        var pipeline = Parse("""
            steps:
              - command: a
                plugins:
                  - docker#v5.0.0:
                      image: "node:20"
                      environment: [A, "B=1"]
                      propagate-environment: true
                      shm: 2.5
                      debug: ~
                  - ./.buildkite/plugins/local
              - command: b
                plugins:
                  old-style#v1: {x: 1}
                  other: ~
            """);

        var a = ((CommandStep)pipeline.Steps[0]).Options.Plugins;
        Assert.Equal(["docker#v5.0.0", "./.buildkite/plugins/local"], a.Select(p => p.Source));
        Assert.Equal("{\"image\":\"node:20\",\"environment\":[\"A\",\"B=1\"],\"propagate-environment\":true,\"shm\":2.5,\"debug\":null}", a[0].Config!.ToJsonString());
        Assert.Null(a[1].Config);
        var b = ((CommandStep)pipeline.Steps[1]).Options.Plugins;
        Assert.Equal([("old-style#v1", "{\"x\":1}"), ("other", "null")], b.Select(p => (p.Source, p.Config?.ToJsonString() ?? "null")));
    }

    [Fact]
    public void Parse_AliasesAndNestedForms_ReadAsTheirCanonicalFields()
    {
        var pipeline = Parse("""
            steps:
              - script: make
                agent_query_rules: [queue=mac]
                timeout: 7
                artifacts: "a/**;b/*.log; "
              - command: {command: test, label: nested, key: n}
              - wait: {continue_on_failure: true, key: w}
              - block: {prompt: Ship?, key: b}
              - trigger: {trigger: other, async: true}
              - input: ~
                label: Inputs
            """);

        var make = (CommandStep)pipeline.Steps[0];
        Assert.Equal(("make", "mac", 7), (Assert.Single(make.Commands), make.Agents["queue"], make.TimeoutInMinutes!.Value));
        Assert.Equal(["a/**", "b/*.log"], make.Options.ArtifactPaths);
        var nested = (CommandStep)pipeline.Steps[1];
        Assert.Equal(("n", "nested", "test"), (nested.Key, nested.Label, nested.Commands[0]));
        Assert.True(((WaitStep)pipeline.Steps[2]).ContinueOnFailure);
        Assert.Equal("w", pipeline.Steps[2].Common.Key);
        Assert.Equal(("Ship?", "b"), (((BlockStep)pipeline.Steps[3]).Prompt, pipeline.Steps[3].Common.Key));
        Assert.Equal(("other", true), (((TriggerStep)pipeline.Steps[4]).Pipeline, ((TriggerStep)pipeline.Steps[4]).Async));
        Assert.Equal(("Inputs", true), (pipeline.Steps[5].Common.Label, ((BlockStep)pipeline.Steps[5]).IsInput));
    }

    [Fact]
    public void Parse_Retry_AllForms()
    {
        var pipeline = Parse("""
            steps:
              - command: a
                retry:
                  automatic: [{exit_status: "*", limit: 0}, {exit_status: [1, -1], signal_reason: agent_stop}]
                  manual: {allowed: false, permit_on_passed: false, reason: "deploys are not retried"}
              - command: b
                retry: {manual: false}
            """);

        var a = ((CommandStep)pipeline.Steps[0]).Options.Retry!;
        Assert.Equal([(null, 0, null), ("1,-1", 2, "agent_stop")], a.Automatic.Select(r => (r.ExitStatuses is null ? null : string.Join(",", r.ExitStatuses), r.Limit, r.SignalReason)));
        Assert.Equal(new ManualRetry(false, false, "deploys are not retried"), a.Manual);
        var b = ((CommandStep)pipeline.Steps[1]).Options.Retry!;
        Assert.Empty(b.Automatic);
        Assert.False(b.Manual.Allowed);
    }

    private static PipelineDefinition Parse(string yaml)
    {
        var result = PipelineParser.Parse(yaml, "p.yml", new PipelineParseOptions(Upload));
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        return result.Pipeline!;
    }
}
