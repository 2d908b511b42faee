using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class JobRunnerCancelTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_CancelFlagInLogAnswer_TrapRunsAndItsExitStatusIsReported()
    {
        var job = JobRunnerFixture.Job("trap 'echo trapped; exit 3' TERM\necho ready\nsleep 1000 &\nwait");
        var running = _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        _fixture.Api.CancelRequested = true;
        var result = await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(3, result.ExitStatus);
        Assert.Null(result.Signal);
        Assert.Equal(SignalReasons.Cancel, result.SignalReason);
        Assert.Contains("\ntrapped\n", _fixture.Api.LogText);
        var finish = await _fixture.Api.Finished.Task;
        Assert.Equal(3, finish.ExitStatus);
        Assert.Equal("cancel", finish.SignalReason);
    }

    [Fact]
    public async Task RunAsync_Cancel_DefaultSigtermKillsBashWith143()
    {
        var cancellation = new JobCancellation();
        var running = _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job("echo ready\nsleep 1000"), cancellation, _fixture.Stop);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        cancellation.RequestCancel(SignalReasons.Cancel);
        var result = await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(143, result.ExitStatus);
        Assert.Equal("SIGTERM", result.Signal);
        Assert.Equal(SignalReasons.Cancel, result.SignalReason);
    }

    [Fact]
    public async Task RunAsync_CommandIgnoresSigterm_IsKilledAfterGracePeriod()
    {
        var cancellation = new JobCancellation();
        var job = JobRunnerFixture.Job("trap '' TERM\necho ready\nwhile true; do sleep 0.1; done");
        var running = _fixture.CreateRunner(TimeSpan.FromMilliseconds(300)).RunAsync(job, cancellation, _fixture.Stop);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        cancellation.RequestCancel(SignalReasons.Cancel);
        var result = await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(137, result.ExitStatus);
        Assert.Equal("SIGKILL", result.Signal);
        Assert.Equal(SignalReasons.Cancel, result.SignalReason);
        Assert.Contains("SIGKILL", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_CancelWithChildIgnoringSigterm_LeavesNoProcessBehind()
    {
        var cancellation = new JobCancellation();
        // The background child ignores SIGTERM, so only the agent's clean-up SIGKILL to the group can end it.
        var job = JobRunnerFixture.Job("(trap '' TERM; exec sleep 1000) &\necho \"bg=$!\"\necho ready\nwait");
        var running = _fixture.CreateRunner().RunAsync(job, cancellation, _fixture.Stop);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        var background = _fixture.BackgroundPid();
        Assert.False(JobRunnerFixture.IsGone(background));
        cancellation.RequestCancel(SignalReasons.Cancel);
        var result = await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(143, result.ExitStatus);
        await JobRunnerFixture.AssertGoneAsync(background);
    }

    [Fact]
    public async Task RunAsync_HardStop_CancelsWithAgentStopReason()
    {
        using var hardStop = new CancellationTokenSource();
        var running = _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job("echo ready\nsleep 1000"), new JobCancellation(), hardStop.Token);

        await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
        await hardStop.CancelAsync();
        var result = await running.WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(143, result.ExitStatus);
        Assert.Equal(SignalReasons.AgentStop, result.SignalReason);
        Assert.Equal("agent_stop", (await _fixture.Api.Finished.Task).SignalReason);
    }

    [Fact]
    public async Task RunAsync_CancelDuringHook_KillsEverythingSkipsTheCommandAndRunsPreExit()
    {
        var hooks = Directory.CreateTempSubdirectory("elastic-ci-hooks-").FullName;
        try
        {
            // The background child ignores SIGTERM, so only the final SIGKILL to the job's group can end it.
            File.WriteAllText(Path.Combine(hooks, "pre-command"), "(trap '' TERM; exec sleep 1000) &\necho \"bg=$!\"\necho ready\nsleep 1000\n");
            File.WriteAllText(Path.Combine(hooks, "pre-exit"), "echo \"pre-exit cancelled=$BUILDKITE_JOB_CANCELLED\"\n");
            var cancellation = new JobCancellation();
            var running = _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks })
                .RunAsync(JobRunnerFixture.Job("echo command-ran"), cancellation, _fixture.Stop);

            await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
            var background = _fixture.BackgroundPid();
            cancellation.RequestCancel(SignalReasons.Cancel);
            var result = await running.WaitAsync(JobRunnerFixture.Timeout);

            Assert.Equal(143, result.ExitStatus);
            Assert.Equal("SIGTERM", result.Signal);
            Assert.Equal(SignalReasons.Cancel, result.SignalReason);
            var log = _fixture.Api.LogText;
            Assert.DoesNotContain("\ncommand-ran\n", log);
            Assert.Contains("\npre-exit cancelled=true\n", log);
            await JobRunnerFixture.AssertGoneAsync(background);
        }
        finally
        {
            Directory.Delete(hooks, recursive: true);
        }
    }

    [Fact]
    public async Task RunAsync_HookIgnoresSigterm_IsKilledAfterGracePeriod()
    {
        var hooks = Directory.CreateTempSubdirectory("elastic-ci-hooks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(hooks, "environment"), "trap '' TERM\necho ready\nwhile true; do sleep 0.1; done\n");
            var cancellation = new JobCancellation();
            var running = _fixture.CreateRunner(new RunnerSetup { HooksPath = hooks, GracePeriod = TimeSpan.FromMilliseconds(300) })
                .RunAsync(JobRunnerFixture.Job("echo command-ran"), cancellation, _fixture.Stop);

            await _fixture.Api.WaitForLogAsync("\nready\n").WaitAsync(JobRunnerFixture.Timeout);
            cancellation.RequestCancel(SignalReasons.Cancel);
            var result = await running.WaitAsync(JobRunnerFixture.Timeout);

            Assert.Equal(137, result.ExitStatus);
            Assert.Equal("SIGKILL", result.Signal);
            Assert.DoesNotContain("\ncommand-ran\n", _fixture.Api.LogText);
        }
        finally
        {
            Directory.Delete(hooks, recursive: true);
        }
    }
}
