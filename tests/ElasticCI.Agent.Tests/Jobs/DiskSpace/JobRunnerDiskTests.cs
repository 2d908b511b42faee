using ElasticCI.Agent.Jobs;
using ElasticCI.Agent.Jobs.DiskSpace;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs.DiskSpace;

public sealed class JobRunnerDiskTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_DiskLowFailJob_FailsBeforeCheckoutWithMessageAgentStaysHealthy()
    {
        using var health = new AgentHealth();
        var marker = Path.Combine(_fixture.NewDirectory("out"), "ran");
        var runner = _fixture.CreateRunner(new RunnerSetup
        {
            DiskCheck = new DiskSpaceCheck(new FakeDiskSpaceProbe(_fixture.BuildPath, 10, 1000), 1000, 0),
            Health = health,
        });

        var result = await runner.RunAsync(JobRunnerFixture.Job($"touch '{marker}'"), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(1, result.ExitStatus);
        Assert.False(File.Exists(marker));
        Assert.Contains("Disk-space check failed before checkout: not enough disk on the build path: free space 10 bytes (0 GiB) < required 1000 bytes (0 GiB)",
            _fixture.Api.LogText, StringComparison.Ordinal);
        Assert.DoesNotContain("unhealthy", _fixture.Api.LogText, StringComparison.Ordinal);
        Assert.Null(health.Reason);
        Assert.False(health.Token.IsCancellationRequested);
    }

    [Fact]
    public async Task RunAsync_DiskLowUnhealthy_FailsJobAndMarksAgentUnhealthy()
    {
        using var health = new AgentHealth();
        var runner = _fixture.CreateRunner(new RunnerSetup
        {
            DiskCheck = new DiskSpaceCheck(new FakeDiskSpaceProbe(_fixture.BuildPath, 10_000, 5), 0, 100),
            DiskFullAction = DiskFullActions.Unhealthy,
            Health = health,
        });

        var result = await runner.RunAsync(JobRunnerFixture.Job("echo should not run"), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(1, result.ExitStatus);
        Assert.DoesNotContain("should not run\n", _fixture.Api.LogText, StringComparison.Ordinal);
        Assert.Contains("free inodes 5 < required 100", _fixture.Api.LogText, StringComparison.Ordinal);
        Assert.Contains("This agent is now unhealthy", _fixture.Api.LogText, StringComparison.Ordinal);
        Assert.True(health.Token.IsCancellationRequested);
        Assert.Equal("not enough disk on the build path: free inodes 5 < required 100", health.Reason);
    }

    [Fact]
    public async Task RunAsync_DiskLowButOldBuildsFreeEnough_RemovesThemAndRunsTheJob()
    {
        var old = Path.Combine(_fixture.BuildPath, "test-agent", "old-pipeline");
        Directory.CreateDirectory(old);
        var runner = _fixture.CreateRunner(new RunnerSetup
        {
            DiskCheck = new DiskSpaceCheck(new FakeDiskSpaceProbe(Path.Combine(_fixture.BuildPath, "test-agent"), 50, 1000), 120, 0),
        });

        var result = await runner.RunAsync(JobRunnerFixture.Job("echo ran"), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        Assert.Equal(0, result.ExitStatus);
        Assert.False(Directory.Exists(old));
        Assert.Contains($"# Low disk: removed old build directory {old}", _fixture.Api.LogText, StringComparison.Ordinal);
    }
}
