using System.Net;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary><c>retry.automatic</c> and manual retries with a real agent process.</summary>
public sealed class RetryTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_StepFailsOnceWithAutomaticRetry_RetryPassesAndBuildPasses()
    {
        var marker = Path.Combine(_fixture.DataDirectory, "flaky-marker");
        _fixture.StartAgent("agent-retry");
        var build = await _fixture.CreateBuildAsync($$"""
            steps:
              - key: flaky
                command: test -f '{{marker}}' && echo "retry=$BUILDKITE_RETRY_COUNT" || { touch '{{marker}}'; exit 7; }
                retry:
                  automatic: [{exit_status: 7, limit: 1}]
              - depends_on: flaky
                command: echo after
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal(3, done.Jobs.Count);
        var first = done.Jobs[0];
        var retry = Assert.Single(done.Jobs, j => j.RetryCount == 1);
        Assert.Equal(("failed", 7, retry.Id), (first.State, first.ExitStatus, first.RetriedBy));
        Assert.Equal("passed", retry.State);
        Assert.Contains("retry=1", await _fixture.LogAsync(retry.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RetryJob_CliAfterFailure_BuildPassesAndBadRequestsAreRefused()
    {
        var marker = Path.Combine(_fixture.DataDirectory, "manual-marker");
        _fixture.StartAgent("agent-manual-retry");
        var build = await _fixture.CreateBuildAsync($$"""
            steps:
              - command: test -f '{{marker}}' || { touch '{{marker}}'; exit 1; }
              - wait
              - command: echo after
              - command: "true"
                retry:
                  manual: {allowed: false, reason: "never again"}
            """);
        var failed = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        Assert.Equal("failed", failed.State);

        var (exit, output, _) = await _fixture.RunCliAsync("build", "retry-job", failed.Jobs[0].Id);

        Assert.Equal(0, exit);
        Assert.Contains("scheduled", output, StringComparison.Ordinal);
        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed" && b.Jobs.Count == 4);
        Assert.Equal("passed", done.State);
        var again = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.RetryJobAsync(failed.Jobs[0].Id, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var forbidden = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.RetryJobAsync(failed.Jobs[2].Id, CancellationToken.None));
        Assert.Contains("never again", forbidden.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.RetryJobAsync("no-such-job", CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(2, (await _fixture.RunCliAsync("build", "retry-job", "no-such-job")).Exit);
        Assert.Equal(2, (await _fixture.RunCliAsync("build", "retry-job")).Exit);
    }
}
