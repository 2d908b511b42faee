namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>`buildkite-agent step get` against a real coordinator and agent process; unknown sub-commands name what is supported.</summary>
public sealed class StepGetTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task StepGet_OwnAndOtherSteps_PrintsTheirAttributes()
    {
        _fixture.StartAgent("agent-step");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - key: first
                label: ":one: First"
                command: echo first
                env:
                  COLOUR: blue
              - wait
              - key: second
                label: Second
                command: |
                  echo "own-label=$(buildkite-agent step get label)"
                  echo "own-state=$(buildkite-agent step get state)"
                  echo "first-outcome=$(buildkite-agent step get outcome --step first)"
                  echo "first-state=$(buildkite-agent step get state --step first)"
                  echo "first-env=$(buildkite-agent step get env --step first)"
                  echo "first-label-json=$(buildkite-agent step get label --step first --format json)"
                  echo "first-command=$(buildkite-agent step get command --step first --build "$BUILDKITE_BUILD_ID")"
                  buildkite-agent step get --step first | grep -q '"key":"first"' && echo whole-step-ok
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs.Single(j => j.Label == "Second").Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("own-label=Second", log, StringComparison.Ordinal);
        Assert.Contains("own-state=running", log, StringComparison.Ordinal);
        Assert.Contains("first-outcome=passed", log, StringComparison.Ordinal);
        Assert.Contains("first-state=finished", log, StringComparison.Ordinal);
        Assert.Contains("first-env={", log, StringComparison.Ordinal);
        Assert.Contains("\"COLOUR\":\"blue\"", log, StringComparison.Ordinal);
        Assert.Contains("first-label-json=\":one: First\"", log, StringComparison.Ordinal);
        Assert.Contains("first-command=echo first", log, StringComparison.Ordinal);
        Assert.Contains("whole-step-ok", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepGet_UnknownAttributeStepOrBuild_FailsWithClearErrors()
    {
        _fixture.StartAgent("agent-step-bad");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - key: only
                command: |
                  set +e
                  buildkite-agent step get colour; echo "attribute=$?"
                  buildkite-agent step get label --step nope; echo "step=$?"
                  buildkite-agent step get label --build 00000000-0000-0000-0000-000000000000; echo "build=$?"
                  buildkite-agent step get label --format yaml; echo "format=$?"
                  buildkite-agent frobnicate; echo "subcommand=$?"
                  buildkite-agent step frob; echo "step-subcommand=$?"
            """);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("unknown attribute 'colour' (supported: id, key, label, command, state, outcome, env, agents, jobs)", log, StringComparison.Ordinal);
        Assert.Contains("attribute=1", log, StringComparison.Ordinal);
        Assert.Contains("Step 'nope'", log, StringComparison.Ordinal);
        Assert.Contains("step=2", log, StringComparison.Ordinal);
        Assert.Contains("Build '00000000-0000-0000-0000-000000000000'", log, StringComparison.Ordinal);
        Assert.Contains("build=2", log, StringComparison.Ordinal);
        Assert.Contains("format=2", log, StringComparison.Ordinal);
        Assert.Contains("'frobnicate'", log, StringComparison.Ordinal);
        Assert.Contains("supported: artifact upload", log, StringComparison.Ordinal);
        Assert.Contains("step get", log, StringComparison.Ordinal);
        Assert.Contains("subcommand=2", log, StringComparison.Ordinal);
        Assert.Contains("step-subcommand=2", log, StringComparison.Ordinal);
    }
}
