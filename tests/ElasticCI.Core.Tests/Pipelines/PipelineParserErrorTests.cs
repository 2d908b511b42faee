namespace ElasticCI.Pipelines;

public sealed class PipelineParserErrorTests
{
    [Fact]
    public void Parse_InvalidYamlSyntax_ReturnsOneErrorAtExceptionPosition()
    {
        var result = PipelineParser.Parse("steps:\n  - command: x\n   label: y\n", "pipeline.yml");

        var error = Assert.Single(result.Errors);
        Assert.Null(result.Pipeline);
        Assert.Equal("invalid YAML: While parsing a block collection, did not find expected '-' indicator.", error.Message);
        Assert.Equal(("pipeline.yml", 3, 4), (error.File, error.Line, error.Column));
    }

    [Fact]
    public void Parse_BlockItemInsideUnclosedFlowList_ReportsAtLastParsedPosition()
        => AssertErrors("steps:\n  - command: [a, b\n  - wait\n", (2, 16, null, "invalid YAML: cannot parse the content after this point"));

    [Fact]
    public void Parse_DuplicateYamlKey_IsInvalidYaml()
        => AssertErrors("steps: []\nsteps: []\n", (2, 1, null, "invalid YAML: Duplicate key steps"));

    [Theory]
    [InlineData("")]
    [InlineData("# only a comment\n")]
    [InlineData("~\n")]
    public void Parse_EmptyDocument_ReportsEmptyPipeline(string yaml)
        => Assert.Equal("pipeline is empty; expected a mapping with 'steps'", Assert.Single(PipelineParser.Parse(yaml, "p.yml").Errors).Message);

    [Fact]
    public void Parse_ScalarDocument_ReportsShape()
        => AssertErrors("hello\n", (1, 1, null, "pipeline must be a mapping with 'steps' or a list of steps, got 'hello'"));

    [Fact]
    public void Parse_MissingSteps_ReportsAtRoot()
        => AssertErrors("env: {A: b}\n", (1, 1, null, "pipeline must have 'steps'"));

    [Fact]
    public void Parse_StepsNotAList_ReportsValue()
        => AssertErrors("steps:\n  command: x\n", (2, 3, null, "steps must be a list, got a mapping"));

    [Fact]
    public void Parse_ErrorsInSecondDocument_ReportedWithTheirLine()
        => AssertErrors("steps: []\n---\nsteps: [{command: x, colour: red}]\n", (3, 22, null, "unknown field 'colour'"));

    [Fact]
    public void Parse_TopLevelNotifyNotAList_ReportsShape()
        => AssertErrors("notify: slack\nsteps: []\n", (1, 9, null, "notify must be a list, got 'slack'"));

    [Theory]
    [InlineData("secrets: [A]", "secrets")]
    [InlineData("image: alpine", "image")]
    public void Parse_TopLevelUnsupported_NotSupportedYet(string line, string field)
        => AssertErrors($"{line}\nsteps: []\n", (1, 1, null, $"not supported yet: {field} at line 1"));

    [Fact]
    public void Parse_BadTopLevelEnvAndAgents_ReportsBoth()
        => AssertErrors(
            "env: [A]\nagents: [queue]\nsteps: []\n",
            (1, 6, null, "env must be a mapping, got a list"),
            (2, 10, null, "agents entries must be 'key=value' strings, got 'queue'"));

    [Fact]
    public void Parse_StepNotAMapping_ReportsShape()
        => AssertErrors(
            "steps:\n  - [a]\n  - echo hi\n  - 42\n  -\n",
            (2, 5, null, "step must be a mapping, 'wait', 'block' or 'input', got a list"),
            (3, 5, null, "step must be a mapping, 'wait', 'block' or 'input', got 'echo hi'"),
            (4, 5, null, "step must be a mapping, 'wait', 'block' or 'input', got '42'"),
            (5, 4, null, "step must be a mapping, 'wait', 'block' or 'input', got null"));

    [Fact]
    public void Parse_MissingCommand_ReportsAtStep()
        => AssertErrors("steps:\n  - label: x\n", (2, 5, "x", "step must have 'command' or 'commands'"));

    [Fact]
    public void Parse_CommandAndCommands_ReportsConflict()
        => AssertErrors(
            "steps:\n  - key: k\n    command: a\n    commands: [b]\n",
            (4, 5, "k", "step cannot have both 'command' and 'commands'; use one"));

    [Fact]
    public void Parse_AliasConflicts_ReportEach()
        => AssertErrors(
            "steps:\n  - label: a\n    name: b\n    key: k\n    id: j\n    command: x\n",
            (3, 5, "k", "step cannot have both 'label' and 'name'; use one"),
            (5, 5, "k", "step cannot have both 'key' and 'id'; use one"));

    [Theory]
    [InlineData("parallelism: abc", 3, 18, "parallelism must be an integer between 1 and 500, got 'abc'")]
    [InlineData("parallelism: 0", 3, 18, "parallelism must be an integer between 1 and 500, got '0'")]
    [InlineData("parallelism: 501", 3, 18, "parallelism must be an integer between 1 and 500, got '501'")]
    [InlineData("parallelism: 1.5", 3, 18, "parallelism must be an integer between 1 and 500, got '1.5'")]
    [InlineData("parallelism: [1]", 3, 18, "parallelism must be an integer between 1 and 500, got a list")]
    [InlineData("timeout_in_minutes: 0", 3, 25, "timeout_in_minutes must be a positive integer, got '0'")]
    [InlineData("timeout_in_minutes: ~", 3, 25, "timeout_in_minutes must be a positive integer, got null")]
    [InlineData("soft_fail: maybe", 3, 16, "soft_fail must be true or false, got 'maybe'")]
    [InlineData("soft_fail: {exit_status: 1}", 3, 16, "soft_fail must be true, false or a list of {exit_status: N}, got a mapping")]
    [InlineData("soft_fail: [{exit_status: x}]", 3, 31, "exit_status must be an integer or '*', got 'x'")]
    [InlineData("soft_fail: [1]", 3, 17, "soft_fail entries must be {exit_status: N}, got '1'")]
    [InlineData("soft_fail: [{exit_status: 1, status: 1}]", 3, 34, "unknown field 'status'")]
    [InlineData("env: [A=b]", 3, 10, "env must be a mapping, got a list")]
    [InlineData("env: {A: [1]}", 3, 14, "env value 'A' must be a string, got a list")]
    [InlineData("agents: queue", 3, 13, "agents must be a mapping or a list of 'key=value' strings, got 'queue'")]
    [InlineData("agents: ['=x']", 3, 14, "agents entries must be 'key=value' strings, got '=x'")]
    [InlineData("label: {a: b}", 3, 12, "label must be a string, got a mapping")]
    [InlineData("command: [a, {b: c}]", 3, 18, "command entries must be strings, got a mapping")]
    [InlineData("commands: []", 3, 15, "commands must not be empty")]
    [InlineData("depends_on: {step: a}", 3, 17, "depends_on must be a step key, a list of step keys, or null, got a mapping")]
    [InlineData("depends_on: [[a]]", 3, 18, "depends_on entries must be step keys or {step: key}, got a list")]
    [InlineData("depends_on: [{}]", 3, 18, "depends_on entries must have 'step'")]
    [InlineData("depends_on: [{step: a, allow_failure: maybe}]", 3, 43, "allow_failure must be true or false, got 'maybe'")]
    [InlineData("depends_on: [{step: a, when: now}]", 3, 28, "unknown field 'when'")]
    [InlineData("depends_on: ''", 3, 17, "depends_on keys must not be empty")]
    [InlineData("continue_on_failure: true", 3, 5, "field 'continue_on_failure' is not valid on a command step")]
    [InlineData("colour: red", 3, 5, "unknown field 'colour'")]
    public void Parse_WrongAttributeValue_ReportsExactMessageAndPosition(string attribute, int line, int column, string message)
        => AssertErrors(
            $"steps:\n  - key: x\n    {attribute}\n" + (attribute.StartsWith("command", StringComparison.Ordinal) ? "" : "    command: c\n"),
            (line, column, "x", message));

    [Theory]
    [InlineData("key: 'has space'", "key 'has space' may only contain letters, digits and _-:${}.,")]
    [InlineData("key: ''", "key must not be empty")]
    [InlineData("id: 0b9d5c0e-3f3a-4c3e-9f1a-2b7c8d9e0f1a", "key '0b9d5c0e-3f3a-4c3e-9f1a-2b7c8d9e0f1a' must not look like a UUID")]
    public void Parse_InvalidKey_ReportsRule(string attribute, string message)
    {
        var error = Assert.Single(PipelineParser.Parse($"steps:\n  - label: L\n    {attribute}\n    command: x\n", "p.yml").Errors);

        Assert.Equal(message, error.Message);
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Parse_KeyTooLong_ReportsLength()
    {
        var key = new string('k', 101);

        AssertErrors($"steps:\n  - key: {key}\n    command: x\n", (2, 10, key, "key must be at most 100 characters, got 101"));
    }

    [Fact]
    public void Parse_KeyOfMaximumLength_IsAccepted()
        => PipelineParserTests.ParseValid($"steps:\n  - key: {new string('k', 100)}\n    command: x\n");

    [Theory]
    [InlineData("secrets: [A]", "secrets")]
    [InlineData("cache: [dist/]", "cache")]
    [InlineData("image: alpine", "image")]
    [InlineData("checkout: {depth: 1}", "checkout")]
    public void Parse_UnsupportedAttribute_ReportsNotSupportedYet(string attribute, string field)
        => AssertErrors(
            $"steps:\n  - command: x\n    key: k\n    label: l\n    wait_a_line: ~\n    timeout_in_minutes: 1\n    {attribute}\n",
            (5, 5, "k", "unknown field 'wait_a_line'"),
            (7, 5, "k", $"not supported yet: {field} at line 7"));

    [Fact]
    public void Parse_CacheOnlyStep_ReportsOnlyNotSupported()
        => AssertErrors("steps:\n  - cache: [dist/]\n", (2, 5, null, "not supported yet: cache at line 2"));

    [Theory]
    [InlineData("- group: a\n    steps: [{group: b, steps: [{command: x}]}]", 4, 13, "b", "groups cannot be nested: a group's steps must not contain another group")]
    [InlineData("- group: a\n    steps: []", 4, 12, "a", "group steps must be a non-empty list, got a list")]
    [InlineData("- group: a", 3, 5, "a", "group must have 'steps'")]
    [InlineData("- trigger: ''", 3, 5, null, "trigger step must name the pipeline to build: trigger: <pipeline-slug>")]
    [InlineData("- input: i\n    blocked_state: failed", 4, 5, "i", "field 'blocked_state' is not valid on an input step")]
    [InlineData("- block: b\n    blocked_state: later", 4, 20, "b", "blocked_state must be 'passed', 'failed' or 'running', got 'later'")]
    [InlineData("- block: b\n    fields: [{text: T}]", 4, 14, "b", "fields entries must have a non-empty 'key'")]
    [InlineData("- block: b\n    fields: [{select: S, key: s}]", 4, 14, "b", "select fields must have a non-empty 'options' list")]
    [InlineData("- block: b\n    fields: [{text: T, select: S, key: k}]", 4, 14, "b", "fields entries must have exactly one of 'text' and 'select'")]
    [InlineData("- wait\n  - block: b\n    skip: true", 5, 5, "b", "field 'skip' is not valid on a block step")]
    [InlineData("- trigger: t\n    build: {colour: red}", 4, 13, "t", "unknown field 'colour'")]
    [InlineData("- wait: [a]", 3, 11, null, "wait must be null, a label or a mapping, got a list")]
    public void Parse_InvalidNonCommandStep_ReportsRule(string step, int line, int column, string? name, string message)
    {
        var error = Assert.Single(PipelineParser.Parse($"steps:\n  - wait\n  {step}\n", "p.yml").Errors);

        Assert.Equal((line, column, name, message), (error.Line, error.Column, error.Step, error.Message));
    }

    [Fact]
    public void Parse_UnknownType_ReportsValue()
        => AssertErrors("steps:\n  - type: shell\n", (2, 11, null, "type must be one of 'command', 'script', 'wait', 'block', 'input', 'trigger', 'group', got 'shell'"));

    [Fact]
    public void Parse_CommandAndWaitInOneStep_ReportsConflict()
        => AssertErrors("steps:\n  - command: x\n    wait: ~\n", (2, 5, null, "step cannot have both 'command' and 'wait'"));

    [Fact]
    public void Parse_WaitStepWithOtherFields_ReportsEach()
        => AssertErrors(
            "steps:\n  - wait: Done\n    continue_on_failure: perhaps\n    key: w\n    parallelism: 2\n    if: a\n    color: red\n  - waiter: [a]\n",
            (3, 26, "w", "continue_on_failure must be true or false, got 'perhaps'"),
            (5, 5, "w", "field 'parallelism' is not valid on a wait step"),
            (6, 9, "w", "invalid if expression at column 1: unknown variable 'a'"),
            (7, 5, "w", "unknown field 'color'"),
            (8, 13, null, "waiter must be null, a label or a mapping, got a list"));

    [Fact]
    public void Parse_SeveralBrokenSteps_ReportsEveryErrorWithStepName()
        => AssertErrors(
            """
            steps:
              - key: build
                command: make
                parallelism: lots
              - label: Lint
                command: [lint, ~]
                matrix: {setup: [a], colour: red}
              - command: test
                timeout_in_minutes: -5
              - block: b
                blocked_state: maybe
            """,
            (4, 18, "build", "parallelism must be an integer between 1 and 500, got 'lots'"),
            (6, 21, "Lint", "command entries must be strings, got null"),
            (7, 26, "Lint", "unknown field 'colour'"),
            (9, 25, null, "timeout_in_minutes must be a positive integer, got '-5'"),
            (11, 20, "b", "blocked_state must be 'passed', 'failed' or 'running', got 'maybe'"));

    [Fact]
    public void Parse_ErrorInsideMergedAnchor_ReportedAtAnchorForEachStep()
        => AssertErrors(
            "x: &d { parallelism: many }\nsteps:\n  - { <<: *d, key: a, command: x }\n  - { <<: *d, key: b, command: y }\n",
            (1, 22, "a", "parallelism must be an integer between 1 and 500, got 'many'"),
            (1, 22, "b", "parallelism must be an integer between 1 and 500, got 'many'"));

    [Fact]
    public void Parse_MergeKeyOfScalar_ReportsShape()
        => AssertErrors("steps:\n  - <<: x\n    command: y\n", (2, 9, null, "merge key '<<' must be a mapping or a list of mappings, got 'x'"));

    [Fact]
    public void Parse_AliasCycle_ReportsInsteadOfLooping()
        => AssertErrors("steps: &s\n  - *s\n", (2, 5, null, "alias '*s' refers to a node that contains it"));

    [Fact]
    public void Parse_ComplexMappingKey_IsRejected()
        => AssertErrors("? [a, b]\n: c\nsteps: []\n", (1, 3, null, "mapping keys must be plain strings"));

    [Fact]
    public void Parse_DeepNesting_IsRejected()
    {
        var yaml = "steps: " + new string('[', 200) + new string(']', 200) + "\n";

        var error = Assert.Single(PipelineParser.Parse(yaml, "p.yml").Errors);

        Assert.Equal("YAML is nested more than 64 levels deep", error.Message);
    }

    [Fact]
    public void PipelineError_ToString_IncludesFilePositionAndStep()
    {
        var error = Assert.Single(PipelineParser.Parse("steps:\n  - key: k\n    parallelism: x\n    command: c\n", "ci/pipeline.yml").Errors);

        Assert.Equal("ci/pipeline.yml:3:18: step 'k': parallelism must be an integer between 1 and 500, got 'x'", error.ToString());
    }

    private static void AssertErrors(string yaml, params (int Line, int Column, string? Step, string Message)[] expected)
    {
        var result = PipelineParser.Parse(yaml, "pipeline.yml");

        Assert.Null(result.Pipeline);
        Assert.False(result.Succeeded);
        Assert.Equal(expected, result.Errors.Select(e => (e.Line, e.Column, e.Step, e.Message)).ToArray());
        Assert.All(result.Errors, e => Assert.Equal("pipeline.yml", e.File));
    }
}
