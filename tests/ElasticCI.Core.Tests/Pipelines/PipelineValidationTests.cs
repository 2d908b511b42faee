using ElasticCI.Builds;

namespace ElasticCI.Pipelines;

/// <summary>One invalid pipeline per rule, each asserting the exact message and where it points.</summary>
public sealed class PipelineValidationTests
{
    [Theory]
    [InlineData("skip: \"" + "0123456789012345678901234567890123456789012345678901234567890123456789X\"", 3, 11, "skip reason must be at most 70 characters, got 71")]
    [InlineData("skip: [a]", 3, 11, "skip must be true, false or a reason, got a list")]
    [InlineData("retry: {automatic: {limit: 11}}", 3, 32, "limit must be an integer between 0 and 10, got '11'")]
    [InlineData("retry: {automatic: {signal_reason: tired}}", 3, 40, "signal_reason must be one of *, agent_incompatible, agent_refused, agent_stop, cancel, none, process_run_error, signature_rejected, stack_error, got 'tired'")]
    [InlineData("retry: {automatic: {exit_status: [1, x]}}", 3, 42, "exit_status must be an integer, a list of integers or '*', got 'x'")]
    [InlineData("retry: {manual: {allowed: maybe}}", 3, 31, "allowed must be true or false, got 'maybe'")]
    [InlineData("retry: true", 3, 12, "retry must be a mapping with 'automatic' and/or 'manual', got 'true'")]
    [InlineData("concurrency: 2", 3, 5, "concurrency requires concurrency_group")]
    [InlineData("concurrency_group: deploy", 3, 5, "concurrency_group requires concurrency")]
    [InlineData("{concurrency: 1, concurrency_group: g, concurrency_method: random}", 3, 84, "concurrency_method must be 'ordered' or 'eager', got 'random'")]
    [InlineData("concurrency_method: eager", 3, 5, "concurrency_method requires concurrency and concurrency_group")]
    [InlineData("priority: high", 3, 15, "priority must be an integer, got 'high'")]
    [InlineData("if: build.branch = 'main'", 3, 9, "invalid if expression at column 14: unexpected character '='")]
    [InlineData("if: build.brnach == 'main'", 3, 9, "invalid if expression at column 1: unknown variable 'build.brnach'")]
    [InlineData("{if: 'true', branches: main}", 3, 38, "step cannot have both 'if' and 'branches'; use one")]
    [InlineData("cancel_on_build_failing: sometimes", 3, 30, "cancel_on_build_failing must be true or false, got 'sometimes'")]
    [InlineData("plugins: [{a: 1, b: 2}]", 3, 15, "plugins entries must be a plugin name or a mapping with one plugin, got a mapping")]
    [InlineData("plugins: docker", 3, 14, "plugins must be a list, got 'docker'")]
    [InlineData("artifact_paths: {a: b}", 3, 21, "artifact_paths must be a string or a list of strings, got a mapping")]
    [InlineData("{artifact_paths: a, artifacts: b}", 3, 45, "step cannot have both 'artifact_paths' and 'artifacts'; use one")]
    [InlineData("notify: {slack: x}", 3, 13, "notify must be a list, got a mapping")]
    [InlineData("matrix: []", 3, 13, "matrix must have 1 to 25 values, got 0")]
    [InlineData("matrix: {adjustments: []}", 3, 13, "matrix must have 'setup'")]
    [InlineData("matrix: {setup: {a: [1], b: [1], c: [1], d: [1], e: [1], f: [1], g: [1]}}", 3, 21, "matrix setup must have 1 to 6 dimensions, got 7")]
    [InlineData("matrix: {setup: {os-name: [a]}}", 3, 22, "matrix dimension 'os-name' may only contain letters, digits and _")]
    [InlineData("matrix: {setup: {os: a}}", 3, 26, "matrix dimension 'os' must be a list of values, got 'a'")]
    [InlineData("matrix: [[a]]", 3, 14, "matrix values must be strings, numbers or booleans, got a list")]
    [InlineData("matrix: {setup: {os: [a]}, adjustments: [{with: {os: a, arch: x}}]}", 3, 61, "matrix adjustment names unknown dimension 'arch'")]
    [InlineData("matrix: {setup: {os: [a], arch: [b]}, adjustments: [{with: {os: x}}]}", 3, 64, "matrix adjustment must give every dimension; missing arch")]
    [InlineData("matrix: {setup: [a], adjustments: [{skip: true}]}", 3, 40, "matrix adjustments must have 'with'")]
    [InlineData("{command: 'echo {{matrix.arch}}', matrix: {setup: {os: [a]}}}", 3, 47, "unknown matrix token {{matrix.arch}}; this matrix has {{matrix.os}}")]
    [InlineData("{command: 'echo {{matrix.os}}', matrix: [a]}", 3, 45, "unknown matrix token {{matrix.os}}; this matrix has {{matrix}}")]
    public void Parse_CommandRuleBroken_ReportsExactMessageAndPosition(string attribute, int line, int column, string message)
    {
        // "{…}" attributes are written as a flow mapping on line 3, after "{key: x, " (and "command: c, " unless given).
        var yaml = attribute.StartsWith('{')
            ? $"steps:\n  - command: c\n  - {{key: x, {(attribute.Contains("command", StringComparison.Ordinal) ? "" : "command: c, ")}{attribute[1..^1]}}}\n"
            : $"steps:\n  - key: x\n    {attribute}\n    command: c\n";

        var error = Assert.Single(PipelineParser.Parse(yaml, "p.yml").Errors);

        Assert.Equal((line, column, "x", message), (error.Line, error.Column, error.Step, error.Message));
    }

    [Fact]
    public void Parse_MatrixTooManyValuesOrAdjustments_ReportsLimits()
    {
        var values = string.Join(", ", Enumerable.Range(0, 26));
        var adjustments = string.Join(", ", Enumerable.Range(0, 13).Select(i => $"{{with: [{i}]}}"));
        var errors = PipelineParser.Parse($"steps:\n  - command: x\n    matrix: [{values}]\n  - command: y\n    matrix: {{setup: [a], adjustments: [{adjustments}]}}\n", "p.yml").Errors;

        Assert.Equal(
            ["p.yml:3:13: matrix must have 1 to 25 values, got 26", "p.yml:5:39: matrix may have at most 12 adjustments, got 13"],
            errors.Select(e => e.ToString()));
    }

    [Fact]
    public void Parse_MatrixValueOver128Bytes_Reported()
        => Assert.Equal(
            "matrix values must be at most 128 bytes",
            Assert.Single(PipelineParser.Parse($"steps:\n  - command: x\n    matrix: [{new string('é', 65)}]\n", "p.yml").Errors).Message);

    [Fact]
    public void Plan_GraphRulesBroken_ReportsEveryErrorAtOnce()
    {
        var result = PipelineParser.Parse("""
            steps:
              - key: build
                command: make
              - group: Tests
                key: build
                steps:
                  - command: test
                    depends_on: [lint]
                  - key: inner
                    command: x
                    depends_on: tests
              - key: self
                command: s
                depends_on: self
              - group: G
                key: g
                steps:
                  - command: y
                    depends_on: g
            """, "p.yml");

        var plan = BuildPlanner.Plan(result.Pipeline!, "p.yml");

        Assert.Equal(
        [
            "p.yml:4:5: step 'build': duplicate key 'build' (already used by the step at line 2)",
            "p.yml:12:5: step 'self': depends_on 'self' refers to the step itself",
            "p.yml:18:9: depends_on 'g' refers to the group containing the step",
        ], plan.Errors.Select(e => e.ToString()));
        Assert.Empty(plan.Jobs);
    }

    [Fact]
    public void Plan_MatrixTimesParallelismOver500_ReportedAtTheStep()
    {
        var values = string.Join(", ", Enumerable.Range(0, 25));
        var result = PipelineParser.Parse($"steps:\n  - command: a\n  - label: big\n    command: x\n    parallelism: 20\n    matrix: [{values}]\n", "p.yml");

        var error = Assert.Single(BuildPlanner.Plan(result.Pipeline!, "p.yml").Errors);

        Assert.Equal("p.yml:3:5: step 'big': pipeline expands to 501 jobs; at most 500 are allowed", error.ToString());
    }

    [Fact]
    public void Plan_CycleThroughGroup_Reported()
    {
        var result = PipelineParser.Parse("steps:\n  - group: G\n    key: g\n    depends_on: a\n    steps: [{command: x}]\n  - {key: a, command: y, depends_on: g}\n", "p.yml");

        var error = Assert.Single(BuildPlanner.Plan(result.Pipeline!, "p.yml").Errors);

        Assert.Equal("depends_on forms a cycle: line 5 -> a -> line 5", error.Message);
    }
}
