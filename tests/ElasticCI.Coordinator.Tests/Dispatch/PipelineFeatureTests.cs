using System.Net;
using System.Net.Http.Headers;
using ElasticCI.Client;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>Pipeline-language features carried out end to end by the coordinator and a real agent process.</summary>
public sealed class PipelineFeatureTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_MatrixSkipIfAndArtifactPaths_RunAsBuildkiteWould()
    {
        _fixture.StartAgent("agent-features", spawn: 2);
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: "test {{matrix}}"
                command: echo "matrix={{matrix}} parallel=$BUILDKITE_PARALLEL_JOB"
                matrix: [linux, mac]
                parallelism: 2
              - label: skipped
                command: exit 1
                skip: "not today"
              - label: only on main
                if: build.branch == "main"
                command: mkdir -p out && echo report > out/report.txt
                artifact_paths: "out/*.txt"
              - label: only on release
                if: build.branch == "release"
                command: exit 1
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal(4, done.Jobs.Count(j => j.Label.StartsWith("test ", StringComparison.Ordinal)));
        Assert.Equal("skipped", Assert.Single(done.Jobs, j => j.Label == "skipped").State);
        Assert.DoesNotContain(done.Jobs, j => j.Label == "only on release");
        var logs = await Task.WhenAll(done.Jobs.Where(j => j.Label.StartsWith("test ", StringComparison.Ordinal)).Select(j => _fixture.LogAsync(j.Id)));
        Assert.Contains(logs, l => l.Contains("matrix=mac parallel=1", StringComparison.Ordinal));
        Assert.Contains("out/report.txt", await GetAsync($"api/v1/builds/{build.Id}/artifacts"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_AllowDependencyFailure_DependentRunsAfterFailure()
    {
        _fixture.StartAgent("agent-allow-failure");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - key: flaky
                command: exit 3
              - key: report
                depends_on: [{step: flaky, allow_failure: true}]
                command: echo report
              - depends_on: flaky
                command: echo never
            """);

        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("failed", done.State);
        Assert.Equal(["failed", "passed", "broken"], done.Jobs.Select(j => j.State));
    }

    [Fact]
    public async Task Build_CancelOnBuildFailing_RunningJobStoppedWhenAnotherFails()
    {
        _fixture.StartAgent("agent-cancel-on-failing", spawn: 2);
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: long
                command: sleep 60
                cancel_on_build_failing: true
              - key: fails
                command: sleep 2; exit 1
              - label: later
                depends_on: fails
                allow_dependency_failure: true
                command: "true"
                cancel_on_build_failing: true
            """);

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed" or "canceled", TimeSpan.FromSeconds(45));

        Assert.Equal("failed", done.State);
        Assert.Equal(["canceled", "failed", "canceled"], done.Jobs.Select(j => j.State));
        Assert.NotNull(done.Jobs[0].Times.StartedAt);
    }

    [Fact]
    public async Task Build_BlockStepUnblockedWithFields_NextStepReadsThemAsMetaData()
    {
        _fixture.StartAgent("agent-block");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: echo first
              - block: deploy?
                key: gate
                fields:
                  - text: Release name
                    key: release-name
                  - select: Environment
                    key: env
                    default: stage
                    options: [{label: Production, value: prod}, {label: Staging, value: stage}]
              - command: echo "release=$(buildkite-agent meta-data get release-name) env=$(buildkite-agent meta-data get env)"
            """);
        var blocked = await _fixture.WaitForAsync(build.Id, b => b.Jobs[1].State == "blocked");
        Assert.Equal(("blocked", "passed", "pending"), (blocked.State, blocked.Jobs[0].State, blocked.Jobs[2].State));

        var missing = await _fixture.RunCliAsync("build", "unblock", blocked.Jobs[1].Id);
        var badOption = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.UnblockJobAsync(
            blocked.Jobs[1].Id, new Dictionary<string, string> { ["release-name"] = "x", ["env"] = "moon" }, CancellationToken.None));
        var (exit, _, _) = await _fixture.RunCliAsync("build", "unblock", blocked.Jobs[1].Id, "--field", "release-name=blue whale");

        Assert.Equal(2, missing.Exit);
        Assert.Contains("field 'release-name' is required", missing.Error, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badOption.StatusCode);
        Assert.Equal(0, exit);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
        Assert.Equal("passed", done.State);
        Assert.Contains("release=blue whale env=stage", await _fixture.LogAsync(done.Jobs[2].Id), StringComparison.Ordinal);
        var again = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.UnblockJobAsync(blocked.Jobs[1].Id, new Dictionary<string, string>(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var command = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.UnblockJobAsync(done.Jobs[0].Id, new Dictionary<string, string>(), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, command.StatusCode);
        Assert.Equal(2, (await _fixture.RunCliAsync("build", "unblock", "no-such-job")).Exit);
        Assert.Equal(2, (await _fixture.RunCliAsync("build", "unblock", done.Jobs[1].Id, "--field", "novalue")).Exit);
    }

    [Fact]
    public async Task Build_InputStepAndFailedBlockedState_HoldOnlyDependantsAndShowTheBlockedState()
    {
        _fixture.StartAgent("agent-input");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - input: details
                key: details
              - command: echo independent
              - depends_on: details
                command: echo after input
            """);
        var gated = await _fixture.CreateBuildAsync("""
            steps:
              - block: approve
                blocked_state: failed
              - command: echo last
            """);

        var held = await _fixture.WaitForAsync(build.Id, b => b.Jobs[1].State == "passed");
        var failedWhileBlocked = await _fixture.WaitForAsync(gated.Id, b => b.State == "failed");

        Assert.Equal(["blocked", "passed", "pending"], held.Jobs.Select(j => j.State));
        Assert.Equal("blocked", held.State);
        Assert.Equal(["blocked", "pending"], failedWhileBlocked.Jobs.Select(j => j.State));
        await _fixture.Client.UnblockJobAsync(held.Jobs[0].Id, new Dictionary<string, string>(), CancellationToken.None);
        await _fixture.Client.UnblockJobAsync(gated.Jobs[0].Id, new Dictionary<string, string>(), CancellationToken.None);
        Assert.Equal("passed", (await _fixture.WaitForPassedOrFailedAsync(build.Id)).State);
        Assert.Equal("passed", (await _fixture.WaitForAsync(gated.Id, b => b.Jobs[1].State == "passed")).State);
    }

    [Fact]
    public async Task Build_ConcurrencyGroupAcrossBuilds_JobsNeverOverlap()
    {
        _fixture.StartAgent("agent-concurrency", spawn: 2);
        const string Yaml = """
            steps:
              - command: sleep 2
                concurrency: 1
                concurrency_group: deploy
            """;
        var first = await _fixture.CreateBuildAsync(Yaml);
        var second = await _fixture.CreateBuildAsync(Yaml);

        var a = (await _fixture.WaitForPassedOrFailedAsync(first.Id)).Jobs[0];
        var b = (await _fixture.WaitForPassedOrFailedAsync(second.Id)).Jobs[0];

        Assert.Equal(("passed", "passed"), (a.State, b.State));
        Assert.True(a.Times.FinishedAt <= b.Times.StartedAt, $"first ran {a.Times.StartedAt:O}..{a.Times.FinishedAt:O}, second {b.Times.StartedAt:O}..{b.Times.FinishedAt:O}");
    }

    [Fact]
    public async Task Build_TriggerSteps_CreateBuildsOfTheOtherPipelineAndWaitUnlessAsync()
    {
        _fixture.StartAgent("agent-trigger", spawn: 2);
        var first = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("child", """
            steps:
              - command: echo "from=$BUILDKITE_TRIGGERED_FROM_BUILD_PIPELINE_SLUG level=$LEVEL release=$(buildkite-agent meta-data get release || echo none)"
            """), CancellationToken.None);
        await _fixture.WaitForPassedOrFailedAsync(first.Id);
        var parent = await _fixture.CreateBuildAsync("""
            steps:
              - trigger: child
                build:
                  message: deploy child
                  env: {LEVEL: "3"}
                  meta_data: {release: blue}
              - trigger: child
                async: true
              - trigger: no-such-pipeline
                soft_fail: true
            """, pipeline: "parent");

        var done = await _fixture.WaitForAsync(parent.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        Assert.Equal(["passed", "passed", "failed"], done.Jobs.Select(j => j.State));
        var children = (await _fixture.Client.ListBuildsAsync("child", 10, CancellationToken.None)).Builds;
        Assert.Equal(3, children.Count);
        var waited = Assert.Single(children, b => b.Message == "deploy child");
        Assert.Equal("passed", waited.State);
        Assert.Contains("from=parent level=3 release=blue", await _fixture.LogAsync(waited.Jobs[0].Id), StringComparison.Ordinal);
    }

    private async Task<string> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _fixture.Tokens.ApiToken);
        using var response = await _fixture.Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
