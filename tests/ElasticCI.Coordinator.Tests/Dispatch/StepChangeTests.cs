namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>`buildkite-agent step update` and `step cancel` against a real coordinator and agent processes.</summary>
public sealed class StepChangeTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task StepUpdateAndCancel_ChangeStepsOfTheBuild_BadInputRefused()
    {
        _fixture.StartAgent("agent-step-change", spawn: 2);
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - key: waiter
                label: Waiter
                command: sleep 120
              - key: controller
                label: Controller
                command: |
                  set +e
                  buildkite-agent step update label "Renamed controller"; echo "own=$?"
                  echo "From stdin" | buildkite-agent step update label - --step waiter; echo "stdin=$?"
                  until [ "$(buildkite-agent step get state --step waiter)" = running ]; do sleep 0.2; done
                  buildkite-agent step cancel --step waiter; echo "cancel=$?"
                  buildkite-agent step update colour red; echo "bad-attribute=$?"
                  buildkite-agent step update label x --step no-such-step; echo "unknown-step=$?"
                  buildkite-agent step cancel --step no-such-step; echo "unknown-cancel=$?"
                  buildkite-agent step cancel; echo "no-step=$?"
              - key: after
                depends_on: waiter
                command: echo never
            """);

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed" or "canceled", TimeSpan.FromSeconds(120));
        var log = await _fixture.LogAsync(done.Jobs.Single(j => j.Key == "controller").Id);

        Assert.True(done.Jobs.Single(j => j.Key == "controller").State == "passed", log);
        Assert.Equal(("Renamed controller", "From stdin"), (done.Jobs.Single(j => j.Key == "controller").Label, done.Jobs.Single(j => j.Key == "waiter").Label));
        Assert.Equal(("canceled", "broken"), (done.Jobs.Single(j => j.Key == "waiter").State, done.Jobs.Single(j => j.Key == "after").State));
        Assert.Contains("own=0", log, StringComparison.Ordinal);
        Assert.Contains("stdin=0", log, StringComparison.Ordinal);
        Assert.Contains("Canceled step waiter (1 job(s))", log, StringComparison.Ordinal);
        Assert.Contains("cancel=0", log, StringComparison.Ordinal);
        Assert.Contains("attribute 'colour' cannot be updated (supported: label)", log, StringComparison.Ordinal);
        Assert.Matches("bad-attribute=[^0]", log);
        Assert.Contains("Step 'no-such-step' in build", log, StringComparison.Ordinal);
        Assert.Matches("unknown-step=[^0]", log);
        Assert.Matches("unknown-cancel=[^0]", log);
        Assert.Matches("no-step=[^0]", log);
    }
}
