using System.Diagnostics;
using System.Net;
using ElasticCI.Client;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>Coordinator in process, real agent processes, real HTTP on loopback, real SQLite file.</summary>
public sealed class DispatchTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_FailingCommand_JobFailsWithExitStatusAndOrderedLog()
    {
        _fixture.StartAgent("agent-a");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: fails
                command: |
                  echo first
                  echo second >&2
                  echo third
                  exit 3
            """);

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "failed" or "passed");

        var job = Assert.Single(done.Jobs);
        Assert.Equal("failed", job.State);
        Assert.Equal(3, job.ExitStatus);
        Assert.Equal("agent-a", job.Agent?.Name);
        var log = await _fixture.LogAsync(job.Id);
        var first = log.IndexOf("\nfirst\n", StringComparison.Ordinal);
        var second = log.IndexOf("\nsecond\n", StringComparison.Ordinal);
        var third = log.IndexOf("\nthird\n", StringComparison.Ordinal);
        Assert.True(first >= 0 && first < second && second < third, log);
    }

    [Fact]
    public async Task Build_ParallelStepThenWait_EveryJobRunsWithItsOwnEnvironmentAndDependentRunsLast()
    {
        _fixture.StartAgent("agent-p", spawn: 2);
        var build = await _fixture.CreateBuildAsync("""
            env:
              GREETING: hi
            steps:
              - label: par
                key: par
                command: echo "$GREETING $BUILDKITE_PARALLEL_JOB/$BUILDKITE_PARALLEL_JOB_COUNT $BUILDKITE_STEP_KEY $BUILDKITE_PIPELINE_SLUG $BUILDKITE_BUILD_NUMBER"
                parallelism: 3
              - wait
              - label: after
                command: echo "after $BUILDKITE_LABEL" && test -z "$ELASTIC_CI_AGENT_TOKEN"
                env:
                  STEP_ONLY: yes
            """);

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "failed" or "passed");

        Assert.Equal("passed", done.State);
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains($"hi {i}/3 par test {done.Number}", await _fixture.LogAsync(done.Jobs[i].Id), StringComparison.Ordinal);
        }
        var after = done.Jobs[3];
        Assert.Contains("after after", await _fixture.LogAsync(after.Id), StringComparison.Ordinal);
        Assert.True(after.Times.StartedAt >= done.Jobs.Take(3).Max(j => j.Times.FinishedAt));
    }

    [Fact]
    public async Task CancelBuild_RunningJobThatTrapsTerm_IsStoppedAndCanceled()
    {
        _fixture.StartAgent("agent-c");
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - label: long
                command: |
                  trap 'echo trapped; exit 5' TERM
                  echo started
                  sleep 100 &
                  wait
            """);
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running" && b.Jobs[0].LogSize > 0);

        var stopwatch = Stopwatch.StartNew();
        await _fixture.Client.CancelBuildAsync(build.Id, CancellationToken.None);
        var done = await _fixture.WaitForAsync(build.Id, b => b.State == "canceled", TimeSpan.FromSeconds(20));

        Assert.Equal("canceled", done.Jobs[0].State);
        Assert.Contains("trapped", await _fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"cancel took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task KilledAgent_RunningJobBecomesLostWithinTheTimeout()
    {
        var agent = _fixture.StartAgent("agent-k");
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo running && sleep 100\n");
        await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "running");

        var stopwatch = Stopwatch.StartNew();
        agent.Kill(); // SIGKILL: no goodbye, no more heartbeats
        var done = await _fixture.WaitForAsync(build.Id, b => b.Jobs[0].State == "lost", TimeSpan.FromSeconds(15));

        Assert.Equal(-1, done.Jobs[0].ExitStatus);
        Assert.Equal("failed", done.State);
        // Lost after 2 s without heartbeats, checked every 250 ms; generous slack for a loaded machine.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"lost after {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task AppendLog_RetriedChunk_IsStoredOnceAndGapIsRefused()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo x\n");
        var agent = new AgentApiClient(_fixture.Http);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken, new RegisterAgentRequest("raw", new Dictionary<string, string>(), null, null, 1), CancellationToken.None);
        await using var alive = KeepAlive(agent);
        var next = await agent.NextJobAsync(CancellationToken.None);
        Assert.Equal(AgentActions.Job, next.Action);
        var jobId = next.Job!.Id;
        Assert.Equal(build.Jobs[0].Id, jobId);
        Assert.True(await agent.StartJobAsync(jobId, CancellationToken.None));

        var one = "hello "u8.ToArray();
        var two = "world\n"u8.ToArray();
        Assert.Equal(6, (await agent.AppendLogAsync(jobId, 1, 0, one, CancellationToken.None)).NextOffset);
        Assert.Equal(6, (await agent.AppendLogAsync(jobId, 1, 0, one, CancellationToken.None)).NextOffset); // retry
        var gap = await Assert.ThrowsAsync<CoordinatorException>(() => agent.AppendLogAsync(jobId, 3, 100, two, CancellationToken.None));
        Assert.Equal(HttpStatusCode.Conflict, gap.StatusCode);
        Assert.Equal(12, (await agent.AppendLogAsync(jobId, 2, 6, two, CancellationToken.None)).NextOffset);
        await agent.FinishJobAsync(jobId, new FinishJobRequest(0, null, null, 12), CancellationToken.None);
        await agent.FinishJobAsync(jobId, new FinishJobRequest(0, null, null, 12), CancellationToken.None); // retry is harmless

        Assert.Equal("hello world\n", await _fixture.LogAsync(jobId));
        Assert.Equal("passed", (await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None)).State);
    }

    [Fact]
    public async Task NextJob_LongPoll_AnswersAsSoonAsAJobIsScheduled()
    {
        using var polled = new EndpointEntered();
        using var http = new HttpClient(polled.MarkRequestsTo("/jobs/next")) { BaseAddress = _fixture.Http.BaseAddress, Timeout = _fixture.Http.Timeout };
        var agent = new AgentApiClient(http);
        await agent.RegisterAsync(_fixture.Tokens.AgentToken, new RegisterAgentRequest("poller", new Dictionary<string, string>(), null, null, 1), CancellationToken.None);
        await using var alive = KeepAlive(agent);
        var polling = agent.NextJobAsync(CancellationToken.None);
        // The poll is in its handler, which looks for a job before it parks: with no job yet, it must not answer.
        await polled.Entered.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(polling.IsCompleted);

        var stopwatch = Stopwatch.StartNew();
        await _fixture.CreateBuildAsync("steps:\n  - command: echo x\n");
        var next = await polling.WaitAsync(TimeSpan.FromSeconds(4));

        Assert.Equal(AgentActions.Job, next.Action);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(2), $"dispatch took {stopwatch.Elapsed}");
    }

    /// <summary>Heartbeats for a hand-driven agent, as a real agent sends them; the fixture loses agents silent for 2 s.</summary>
    private static HeartbeatLoop KeepAlive(AgentApiClient agent) => new(agent);

    private sealed class HeartbeatLoop : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;

        public HeartbeatLoop(AgentApiClient agent)
        {
            _loop = Task.Run(async () =>
            {
                while (!_stop.IsCancellationRequested)
                {
                    await agent.HeartbeatAsync(CancellationToken.None);
                    await Task.Delay(250, _stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                }
            });
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _loop;
            _stop.Dispose();
        }
    }
}
