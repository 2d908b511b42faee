using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class JobRunnerTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_Command_StreamsStdoutAndStderrInOrderAndReportsExitZero()
    {
        var job = JobRunnerFixture.Job("echo one\necho two >&2\necho three");

        var result = await _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.Null(result.Signal);
        Assert.Null(result.SignalReason);
        var log = _fixture.Api.LogText;
        Assert.StartsWith("~~~ Running commands\n$ echo one\n$ echo two >&2\n$ echo three\n", log);
        Assert.EndsWith("one\ntwo\nthree\n", log);
        var finish = await _fixture.Api.Finished.Task.WaitAsync(JobRunnerFixture.Timeout);
        Assert.Equal(0, finish.ExitStatus);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(log), finish.LogSize);
        Assert.Equal(1, _fixture.Api.StartCalls);
    }

    [Theory]
    [InlineData("echo hi; exit 7", 7)]
    [InlineData("false\necho never", 1)]
    public async Task RunAsync_FailingCommand_ReportsExitStatusAndStopsAtFirstError(string command, int expected)
    {
        var result = await _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job(command), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(expected, result.ExitStatus);
        Assert.Equal(expected, (await _fixture.Api.Finished.Task).ExitStatus);
        Assert.DoesNotContain("\nnever\n", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_Environment_HasJobAndAgentVariablesButNoRegistrationToken()
    {
        _fixture.Inherited["ELASTIC_CI_REGISTRATION_TOKEN"] = JobRunnerFixture.RegistrationToken;
        _fixture.Inherited["ELASTIC_CI_AGENT_TOKEN_FILE_CONTENT"] = "other-secret";
        _fixture.Inherited["BUILDKITE_AGENT_TOKEN"] = "bk-secret";
        _fixture.Inherited["SOME_OTHER_NAME"] = "prefix-" + JobRunnerFixture.RegistrationToken;
        _fixture.Inherited["KEEP_ME"] = "kept";
        var job = JobRunnerFixture.Job("env; echo \"cwd=$(pwd)\"", new Dictionary<string, string>
        {
            ["BUILDKITE_JOB_ID"] = "job-1",
            ["BUILDKITE_BUILD_NUMBER"] = "42",
            ["CI"] = "true",
            ["KEEP_ME"] = "overridden by job",
        });

        var result = await _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        var checkout = Path.Combine(_fixture.BuildPath, "test-agent", "my-pipeline");
        var log = _fixture.Api.LogText;
        Assert.Contains("\nBUILDKITE_JOB_ID=job-1\n", log);
        Assert.Contains("\nBUILDKITE_BUILD_NUMBER=42\n", log);
        Assert.Contains("\nCI=true\n", log);
        Assert.Contains("\nKEEP_ME=overridden by job\n", log);
        Assert.Contains("\nBUILDKITE_AGENT_NAME=test-agent\n", log);
        Assert.Contains("\nBUILDKITE_AGENT_ID=agent-id-1\n", log);
        Assert.Contains($"\nBUILDKITE_BUILD_PATH={_fixture.BuildPath}\n", log);
        Assert.Contains($"\nBUILDKITE_BUILD_CHECKOUT_PATH={checkout}\n", log);
        Assert.Contains($"\ncwd={checkout}\n", log);
        Assert.DoesNotContain(JobRunnerFixture.RegistrationToken, log);
        Assert.DoesNotContain("other-secret", log);
        Assert.DoesNotContain("bk-secret", log);
        Assert.DoesNotContain("SOME_OTHER_NAME", log);
        Assert.True(Directory.Exists(checkout));
    }

    [Fact]
    public async Task RunAsync_PipelineSlugWithTraversal_StaysInsideBuildPath()
    {
        var job = JobRunnerFixture.Job("pwd") with { PipelineSlug = "../../etc" };

        var result = await _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.Contains($"\n{Path.Combine(_fixture.BuildPath, "test-agent")}/", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_CanceledBeforeStart_ReportsMinusOneWithoutRunning()
    {
        _fixture.Api.StartResult = false;

        var result = await _fixture.CreateRunner().RunAsync(JobRunnerFixture.Job("echo should-not-run"), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(-1, result.ExitStatus);
        Assert.Equal(-1, (await _fixture.Api.Finished.Task).ExitStatus);
        Assert.Empty(_fixture.Api.Attempts);
    }

    [Fact]
    public async Task RunAsync_BackgroundProcessOutlivesCommand_IsKilledWhenCommandExits()
    {
        var job = JobRunnerFixture.Job("sleep 1000 &\necho \"bg=$!\"\necho done");

        var result = await _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.Contains("\ndone\n", _fixture.Api.LogText);
        await JobRunnerFixture.AssertGoneAsync(_fixture.BackgroundPid());
    }

    [Fact]
    public async Task RunAsync_Command_RunsInTheJobsOwnSessionAndProcessGroup()
    {
        var job = JobRunnerFixture.Job("echo \"pid=$$ pgid=$(cut -d' ' -f5 /proc/$$/stat) sid=$(cut -d' ' -f6 /proc/$$/stat)\"");

        await _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        var line = _fixture.Api.LogText.Split('\n').Single(l => l.StartsWith("pid=", StringComparison.Ordinal));
        var values = line.Split(' ').Select(part => part.Split('=')[1]).ToList();
        // The job's executor leads a new session and group; every phase, the command included, is a child in it.
        Assert.Equal(values[1], values[2]);
        Assert.NotEqual(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), values[1]);
        Assert.NotEqual(File.ReadAllText("/proc/self/stat").Split(' ')[4], values[1]);
    }
}
