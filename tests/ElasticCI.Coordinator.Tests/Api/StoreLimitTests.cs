using System.Net;
using System.Text;
using ElasticCI.Client;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Issue 12 item 7: the per-job log cap and the per-build job cap, on a real coordinator with real agents.</summary>
public sealed class StoreLimitTests : IAsyncLifetime
{
    private const long LogCap = 64 * 1024;
    private const int JobCap = 4;
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync(o =>
    {
        o.MaxJobLogBytes = LogCap;
        o.MaxJobsPerBuild = JobCap;
    });

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task JobWritingMoreThanTheLogCap_Passes_LogIsCutWithOneNoticeLine()
    {
        _fixture.StartAgent("agent-log-cap");
        // seq 1 200000 writes about 1.3 MB, twenty times the cap; the job then runs on and exits 0.
        var build = await _fixture.CreateBuildAsync("steps:\n  - label: big\n    command: seq 1 200000 && echo still-running-$((40+2))\n");

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(120));
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.True(done.State == "passed", log[^Math.Min(log.Length, 2000)..]);
        var notice = $"--- elastic-ci: the log was cut at {LogCap} bytes (the per-job log cap); later output was not stored.\n";
        Assert.EndsWith(notice, log, StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetByteCount(log);
        Assert.True(bytes <= LogCap + 1 + notice.Length, $"the stored log has {bytes} bytes");
        Assert.True(bytes > LogCap, $"the stored log has {bytes} bytes: the part below the cap should be kept");
        Assert.Equal(2, log.Split("the log was cut at").Length);
        Assert.DoesNotContain("still-running-42", log, StringComparison.Ordinal);
        Assert.Equal(bytes, done.Jobs[0].LogSize);
    }

    [Fact]
    public async Task CreateBuild_OverTheJobCap_Returns422NamingCapAndCount_CreatesNothing()
    {
        var steps = string.Concat(Enumerable.Range(1, JobCap + 1).Select(i => $"  - command: echo {i}\n"));

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.CreateBuildAsync("steps:\n" + steps, "too-many"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains($"would have {JobCap + 1} jobs, over the per-build job cap of {JobCap}", error.Message, StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync("too-many", 10, CancellationToken.None)).Builds);
    }

    [Fact]
    public async Task PutPipeline_OverTheJobCap_Returns422ProblemNamingCapAndCount_StoresNothing()
    {
        var steps = string.Concat(Enumerable.Range(1, JobCap + 1).Select(i => $"  - command: echo {i}\n"));

        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.PutPipelineAsync("too-big",
            new Protocol.Pipelines.PutPipelineRequest("steps:\n" + steps), CancellationToken.None));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, error.StatusCode);
        Assert.Contains($"would have {JobCap + 1} jobs, over the per-build job cap of {JobCap}", error.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.GetPipelineAsync("too-big", CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task PipelineUpload_TakingTheBuildOverTheJobCap_IsRefused_BuildsJobsUnchanged()
    {
        _fixture.StartAgent("agent-job-cap");
        // 1 uploader + 3 uploaded = 4 jobs (the cap); the second upload's one more job is refused.
        var first = Convert.ToBase64String(Encoding.UTF8.GetBytes("steps:\n  - command: echo a\n  - command: echo b\n  - command: echo c\n"));
        var second = Convert.ToBase64String(Encoding.UTF8.GetBytes("steps:\n  - label: one-too-many\n    command: echo d\n"));
        var build = await _fixture.CreateBuildAsync(
            $"steps:\n  - label: upload\n    command: echo {first} | base64 -d > a.yml && echo {second} | base64 -d > b.yml"
            + " && buildkite-agent pipeline upload a.yml && buildkite-agent pipeline upload b.yml\n", "job-cap");

        var done = await _fixture.WaitForAsync(build.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(120));
        var log = await _fixture.LogAsync(done.Jobs[0].Id);

        Assert.Equal("failed", done.Jobs[0].State);
        Assert.Contains($"would have {JobCap + 1} jobs, over the per-build job cap of {JobCap}", log, StringComparison.Ordinal);
        Assert.Equal(JobCap, done.Jobs.Count);
        Assert.DoesNotContain(done.Jobs, j => j.Label == "one-too-many");
    }

    [Fact]
    public async Task Trigger_OfAPipelineOverTheJobCap_FailsTheTriggerJob_CreatesNoBuild()
    {
        // A stored definition over the cap is refused at PUT (planned on its default branch); one whose size depends on
        // the branch passes there (one job on main) and goes over the cap only on the branch the trigger asks for.
        var gated = string.Concat(Enumerable.Range(1, JobCap).Select(i => $"  - command: echo {i}\n    if: build.branch == \"big\"\n"));
        await _fixture.Client.PutPipelineAsync("big-child", new ElasticCI.Protocol.Pipelines.PutPipelineRequest(
            "steps:\n  - command: echo 0\n" + gated), CancellationToken.None);
        var parent = await _fixture.CreateBuildAsync("steps:\n  - trigger: big-child\n    build:\n      branch: big\n", "parent");

        var done = await _fixture.WaitForAsync(parent.Id, b => b.State is "passed" or "failed", TimeSpan.FromSeconds(90));

        Assert.Equal(("failed", "failed"), (done.State, done.Jobs[0].State));
        Assert.Contains($"would have {JobCap + 1} jobs, over the per-build job cap of {JobCap}", await _fixture.LogAsync(done.Jobs[0].Id), StringComparison.Ordinal);
        Assert.Empty((await _fixture.Client.ListBuildsAsync("big-child", 10, CancellationToken.None)).Builds);
    }

    [Theory]
    [InlineData(0L, 1, "MaxJobLogBytes (the per-job log cap) must be at least 1 byte, was 0.")]
    [InlineData(-5L, 1, "MaxJobLogBytes (the per-job log cap) must be at least 1 byte, was -5.")]
    [InlineData(1024L, 0, "MaxJobsPerBuild (the per-build job cap) must be at least 1, was 0.")]
    [InlineData(1024L, -1, "MaxJobsPerBuild (the per-build job cap) must be at least 1, was -1.")]
    public void Options_NonPositiveCaps_AreRefusedAtStartUp(long maxLog, int maxJobs, string message)
    {
        var options = new CoordinatorOptions { DataDirectory = "/tmp/x", MaxJobLogBytes = maxLog, MaxJobsPerBuild = maxJobs };

        var result = new CoordinatorOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(message, result.Failures!);
    }

    [Theory]
    [InlineData("--max-job-log-bytes", "0", "MaxJobLogBytes (the per-job log cap) must be at least 1 byte, was 0.")]
    [InlineData("--max-jobs-per-build", "-3", "MaxJobsPerBuild (the per-build job cap) must be at least 1, was -3.")]
    public async Task Server_BadCapFlag_ExitsWithUsageErrorNamingIt(string flag, string value, string message)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var dataDir = Path.Combine(_fixture.DataDirectory, "bad-flag");

        var exit = await ElasticCI.Cli.CliApp.RunAsync(["server", "--data-dir", dataDir, "--listen", "127.0.0.1:0", flag, value], output, error);

        Assert.Equal(ElasticCI.Cli.CliApp.ExitUsage, exit);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Coordinator_WithAZeroLogCap_DoesNotStart()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => CoordinatorFixture.StartAsync(o => o.MaxJobLogBytes = 0));

        Assert.Contains("MaxJobLogBytes (the per-job log cap) must be at least 1 byte", error.Message, StringComparison.Ordinal);
    }
}
