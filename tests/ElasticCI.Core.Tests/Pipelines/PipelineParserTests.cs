namespace ElasticCI.Pipelines;

public sealed class PipelineParserTests
{
    internal const string Example = """
        env:
          GREETING: hello
        steps:
          - label: ":test_tube: test"
            key: test
            command: echo "$GREETING from $BUILDKITE_PARALLEL_JOB"
            parallelism: 6
          - wait
          - label: deploy
            commands:
              - echo one
              - echo two
            agents:
              queue: default
        """;

    [Fact]
    public void Parse_ExamplePipeline_ReadsEveryAttribute()
    {
        var pipeline = ParseValid(Example);

        Assert.Equal("hello", pipeline.Env["GREETING"]);
        Assert.Empty(pipeline.Agents);
        Assert.Equal(3, pipeline.Steps.Count);
        var test = Assert.IsType<CommandStep>(pipeline.Steps[0]);
        Assert.Equal((4, 5), (test.Line, test.Column));
        Assert.Equal("test", test.Key);
        Assert.Equal(":test_tube: test", test.Label);
        Assert.Equal(["echo \"$GREETING from $BUILDKITE_PARALLEL_JOB\""], test.Commands);
        Assert.Equal(6, test.Parallelism);
        Assert.Null(test.DependsOn);
        Assert.Null(test.TimeoutInMinutes);
        Assert.Equal(SoftFail.Never, test.SoftFail);
        var wait = Assert.IsType<WaitStep>(pipeline.Steps[1]);
        Assert.Equal((8, 5), (wait.Line, wait.Column));
        Assert.False(wait.ContinueOnFailure);
        var deploy = Assert.IsType<CommandStep>(pipeline.Steps[2]);
        Assert.Equal(["echo one", "echo two"], deploy.Commands);
        Assert.Equal("default", deploy.Agents["queue"]);
        Assert.Null(deploy.Key);
    }

    [Theory]
    [InlineData("command: make test", new[] { "make test" })]
    [InlineData("commands: make test", new[] { "make test" })]
    [InlineData("command: [make, make test]", new[] { "make", "make test" })]
    [InlineData("commands: [make, make test]", new[] { "make", "make test" })]
    [InlineData("command: 42", new[] { "42" })]
    public void Parse_CommandSpellings_ReadsCommands(string attribute, string[] expected)
        => Assert.Equal(expected, SingleCommand($"steps:\n  - {attribute}\n").Commands);

    [Theory]
    [InlineData("label")]
    [InlineData("name")]
    public void Parse_LabelSpellings_ReadsLabel(string field)
        => Assert.Equal("Build :docker:", SingleCommand($"steps:\n  - {field}: \"Build :docker:\"\n    command: x\n").Label);

    [Theory]
    [InlineData("key")]
    [InlineData("id")]
    [InlineData("identifier")]
    public void Parse_KeySpellings_ReadsKey(string field)
        => Assert.Equal("build:linux-${ARCH}.1,2", SingleCommand($"steps:\n  - {field}: \"build:linux-${{ARCH}}.1,2\"\n    command: x\n").Key);

    [Theory]
    [InlineData("depends_on: a", new[] { "a" })]
    [InlineData("depends_on: [a, b]", new[] { "a", "b" })]
    [InlineData("depends_on: [{step: a}, b]", new[] { "a", "b" })]
    [InlineData("depends_on:\n      - step: a\n      - step: b", new[] { "a", "b" })]
    [InlineData("depends_on: ~", new string[0])]
    [InlineData("depends_on: null", new string[0])]
    [InlineData("depends_on:", new string[0])]
    [InlineData("depends_on: []", new string[0])]
    public void Parse_DependsOnSpellings_ReadsKeys(string attribute, string[] expected)
        => Assert.Equal(expected, SingleCommand($"steps:\n  - command: x\n    {attribute}\n").DependsOn);

    [Fact]
    public void Parse_NoDependsOn_IsNull()
        => Assert.Null(SingleCommand("steps:\n  - command: x\n").DependsOn);

    [Fact]
    public void Parse_EnvScalars_BecomeStrings()
    {
        var step = SingleCommand("steps:\n  - command: x\n    env: {A: 1, B: true, C: ~, D: 'q', E: \"\"}\n");

        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "true", ["C"] = "", ["D"] = "q", ["E"] = "" }, step.Env);
    }

    [Theory]
    [InlineData("agents: {queue: linux, docker: '*'}")]
    [InlineData("agents: [queue=linux, 'docker=*']")]
    [InlineData("agents:\n      - queue=linux\n      - docker=*")]
    public void Parse_AgentsMapOrList_ReadsRules(string attribute)
    {
        var step = SingleCommand($"steps:\n  - command: x\n    {attribute}\n");

        Assert.Equal(new Dictionary<string, string> { ["queue"] = "linux", ["docker"] = "*" }, step.Agents);
    }

    [Fact]
    public void Parse_TopLevelAgentsList_ReadsRules()
        => Assert.Equal("gpu", ParseValid("agents: [queue=gpu]\nsteps: [{command: x}]\n").Agents["queue"]);

    [Theory]
    [InlineData("parallelism: 1", 1)]
    [InlineData("parallelism: 500", 500)]
    [InlineData("parallelism: '3'", 3)]
    public void Parse_Parallelism_ReadsInteger(string attribute, int expected)
        => Assert.Equal(expected, SingleCommand($"steps:\n  - command: x\n    {attribute}\n").Parallelism);

    [Fact]
    public void Parse_Timeout_ReadsMinutes()
        => Assert.Equal(15, SingleCommand("steps:\n  - command: x\n    timeout_in_minutes: 15\n").TimeoutInMinutes);

    [Theory]
    [InlineData("soft_fail: true", true, new int[0])]
    [InlineData("soft_fail: 'true'", true, new int[0])]
    [InlineData("soft_fail: false", false, new int[0])]
    [InlineData("soft_fail: \"false\"", false, new int[0])]
    [InlineData("soft_fail: [{exit_status: 1}, {exit_status: -1}]", false, new[] { 1, -1 })]
    [InlineData("soft_fail: [{exit_status: '*'}]", true, new int[0])]
    public void Parse_SoftFailSpellings_ReadsRule(string attribute, bool any, int[] statuses)
    {
        var softFail = SingleCommand($"steps:\n  - command: x\n    {attribute}\n").SoftFail;

        Assert.Equal(any, softFail.Any);
        Assert.Equal(statuses, softFail.ExitStatuses);
    }

    [Theory]
    [InlineData("- wait", false)]
    [InlineData("- waiter", false)]
    [InlineData("- wait: ~", false)]
    [InlineData("- wait: \"Tests done\"", false)]
    [InlineData("- waiter: null", false)]
    [InlineData("- wait: {continue_on_failure: true}", true)]
    [InlineData("- wait: {continue_on_failure: 'true'}", true)]
    [InlineData("- wait: ~\n    continue_on_failure: true", true)]
    [InlineData("- wait: ~\n    continue_on_failure: \"false\"", false)]
    [InlineData("- type: wait", false)]
    [InlineData("- type: waiter\n    continue_on_failure: true\n    label: after", true)]
    public void Parse_WaitSpellings_ReadsWaitStep(string step, bool continueOnFailure)
    {
        var pipeline = ParseValid($"steps:\n  {step}\n");

        var wait = Assert.IsType<WaitStep>(Assert.Single(pipeline.Steps));
        Assert.Equal((2, 5), (wait.Line, wait.Column));
        Assert.Equal(continueOnFailure, wait.ContinueOnFailure);
    }

    [Fact]
    public void Parse_ExplicitCommandType_ReadsCommandStep()
        => Assert.Equal(["x"], SingleCommand("steps:\n  - type: command\n    command: x\n").Commands);

    [Fact]
    public void Parse_LegacyListForm_TreatsDocumentAsSteps()
    {
        var pipeline = ParseValid("- command: one\n- wait\n- command: two\n");

        Assert.Collection(
            pipeline.Steps,
            s => Assert.Equal(["one"], Assert.IsType<CommandStep>(s).Commands),
            s => Assert.IsType<WaitStep>(s),
            s => Assert.Equal(["two"], Assert.IsType<CommandStep>(s).Commands));
        Assert.Empty(pipeline.Env);
    }

    [Fact]
    public void Parse_EmptyStepsList_Succeeds()
        => Assert.Empty(ParseValid("steps: []\n").Steps);

    [Fact]
    public void Parse_UnknownTopLevelKeys_AreIgnored()
        => Assert.Single(ParseValid("x-anchors: {a: 1}\nanything: [1, 2]\nsteps: [{command: x}]\n").Steps);

    [Fact]
    public void Parse_AnchorsAndAliases_ReuseNodes()
    {
        var pipeline = ParseValid("""
            x-common: &common
              command: make
              agents: &linux { queue: linux }
            steps:
              - *common
              - command: other
                agents: *linux
            """);

        Assert.Equal(["make"], Assert.IsType<CommandStep>(pipeline.Steps[0]).Commands);
        Assert.Equal("linux", Assert.IsType<CommandStep>(pipeline.Steps[1]).Agents["queue"]);
    }

    [Fact]
    public void Parse_MergeKey_OwnKeysOverrideMergedOnes()
    {
        var pipeline = ParseValid("""
            defaults: &defaults
              agents: { queue: linux }
              timeout_in_minutes: 10
              env: &env { A: "1", B: "2" }
            steps:
              - <<: *defaults
                label: unit
                command: make unit
                timeout_in_minutes: 30
              - <<: *defaults
                command: make lint
                env:
                  <<: *env
                  B: "3"
            """);

        var unit = Assert.IsType<CommandStep>(pipeline.Steps[0]);
        Assert.Equal(("unit", 30, "linux"), (unit.Label, unit.TimeoutInMinutes, unit.Agents["queue"]));
        var lint = Assert.IsType<CommandStep>(pipeline.Steps[1]);
        Assert.Equal(10, lint.TimeoutInMinutes);
        Assert.Equal(new Dictionary<string, string> { ["A"] = "1", ["B"] = "3" }, lint.Env);
    }

    [Fact]
    public void Parse_MergeKeyList_EarlierSourcesWin()
    {
        var step = SingleCommand("""
            a: &a { label: from-a, command: a }
            b: &b { label: from-b, parallelism: 2, <<: { timeout_in_minutes: 5 } }
            steps:
              - <<: [*a, *b]
            """);

        Assert.Equal(("from-a", 2, 5), (step.Label, step.Parallelism, step.TimeoutInMinutes));
        Assert.Equal(["a"], step.Commands);
    }

    [Fact]
    public void Parse_TopLevelMergeKey_MergesEnvAndSteps()
    {
        var pipeline = ParseValid("""
            base: &base
              env: { A: "1" }
            <<: *base
            steps: [{ command: x }]
            """);

        Assert.Equal("1", pipeline.Env["A"]);
    }

    [Fact]
    public void Parse_MergeKeyFanOut_ResolvesEachSourceOnce()
    {
        var yaml = new System.Text.StringBuilder("l0: &l0 { command: x }\n");
        for (var level = 1; level <= 100; level++)
        {
            var previous = $"*l{level - 1}";
            yaml.Append($"l{level}: &l{level} {{ <<: [{string.Join(", ", Enumerable.Repeat(previous, 10))}] }}\n");
        }

        yaml.Append("steps:\n  - <<: *l100\n");

        // Without de-duplication this would visit 10^100 mappings; finishing at all is the assertion.
        Assert.Equal(["x"], SingleCommand(yaml.ToString()).Commands);
    }

    internal static PipelineDefinition ParseValid(string yaml)
    {
        var result = PipelineParser.Parse(yaml, "pipeline.yml");
        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Empty(result.Errors);
        return result.Pipeline!;
    }

    private static CommandStep SingleCommand(string yaml) => Assert.IsType<CommandStep>(Assert.Single(ParseValid(yaml).Steps));
}
