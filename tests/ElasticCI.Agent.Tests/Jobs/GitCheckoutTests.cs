using ElasticCI.Agent.Jobs;
using ElasticCI.Agent.Tests.Fakes;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

public sealed class GitCheckoutTests(ITestOutputHelper output) : IDisposable
{
    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_BranchAtHead_ChecksOutTheBranchTip()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        repo.Commit("main", ("file.txt", "main\n"));
        repo.Branch("feature");
        var tip = repo.Commit("feature", ("file.txt", "feature\n"));

        var result = await RunAsync(Job(repo, "feature", "HEAD"));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains($"\ncontent=feature head={tip} prompt=0\n", log);
    }

    [Fact]
    public async Task RunAsync_SpecificCommit_ChecksOutThatCommitNotTheTip()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        var first = repo.Commit("first", ("file.txt", "first\n"));
        repo.Commit("second", ("file.txt", "second\n"));

        var result = await RunAsync(Job(repo, "main", first));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains($"\ncontent=first head={first} prompt=0\n", log);
    }

    [Fact]
    public async Task RunAsync_Refspec_FetchesARefThatIsNoBranch()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        repo.Commit("main", ("file.txt", "main\n"));
        repo.Branch("pr");
        var pull = repo.Commit("pull request", ("file.txt", "pull\n"));
        repo.PushTo("refs/pull/1/head");
        GitRepo.Run(repo.Work, "push", "-q", "origin", "--delete", "pr");
        var job = Job(repo, "pr", "HEAD", new() { ["BUILDKITE_REFSPEC"] = "refs/pull/1/head" });

        var result = await RunAsync(job);

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains($"\ncontent=pull head={pull} prompt=0\n", log);
    }

    [Fact]
    public async Task RunAsync_SecondJob_ReusesTheBuildDirectoryAndCleansIt()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        repo.Commit("first", ("file.txt", "first\n"));
        var firstApi = new FakeAgentApi();
        var first = await _fixture.CreateRunner(new RunnerSetup { Api = firstApi })
            .RunAsync(Job(repo, "main", "HEAD", command: "touch untracked.tmp; cat file.txt"), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);
        Assert.True(first.ExitStatus == 0, firstApi.LogText);
        var second = repo.Commit("second", ("file.txt", "second\n"));

        var result = await RunAsync(Job(repo, "main", "HEAD", command: "ls; cat file.txt; git rev-parse HEAD"));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("Cloning into", firstApi.LogText);
        Assert.DoesNotContain("Cloning into", log);
        Assert.Contains("$ git remote set-url origin", log);
        Assert.Contains($"\nsecond\n{second}\n", log);
        Assert.DoesNotContain("untracked.tmp", log.Replace("touch untracked.tmp", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CleanCheckout_ClonesAfresh()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        repo.Commit("first", ("file.txt", "first\n"));
        var firstApi = new FakeAgentApi();
        await _fixture.CreateRunner(new RunnerSetup { Api = firstApi }).RunAsync(Job(repo, "main", "HEAD"), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);

        var result = await RunAsync(Job(repo, "main", "HEAD", new() { ["BUILDKITE_CLEAN_CHECKOUT"] = "true" }));

        Assert.Equal(0, result.ExitStatus);
        Assert.Contains("Cloning into", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_TwoAgentsAtOnce_ShareOneMirror()
    {
        var repo = GitRepo.Create(_fixture.NewDirectory("repos"), "app");
        var tip = repo.Commit("main", ("file.txt", "main\n"));
        var mirrors = _fixture.NewDirectory("mirrors");
        var apis = new[] { new FakeAgentApi(), new FakeAgentApi() };

        var results = await Task.WhenAll(apis.Select((api, index) =>
            _fixture.CreateRunner(new RunnerSetup { Api = api, AgentName = $"agent-{index}", GitMirrorsPath = mirrors })
                .RunAsync(Job(repo, "main", "HEAD", command: "cat file.txt; echo \"mirror=$BUILDKITE_REPO_MIRROR\""), new JobCancellation(), _fixture.Stop)))
            .WaitAsync(JobRunnerFixture.Timeout);

        var mirror = Assert.Single(Directory.GetDirectories(mirrors));
        Assert.All(results, result => Assert.Equal(0, result.ExitStatus));
        // Only one agent cloned the mirror; the other waited for the lock and found it there.
        Assert.Single(apis, api => api.LogText.Contains("Cloning into bare repository", StringComparison.Ordinal));
        Assert.All(apis, api => Assert.Contains($"--reference {mirror}", api.LogText));
        Assert.All(apis, api => Assert.Contains($"\nmain\nmirror={mirror}\n", api.LogText));
        Assert.Contains(tip, GitRepo.Run(mirror, "rev-parse", "refs/heads/main"));
    }

    [Fact]
    public async Task RunAsync_NoRepository_SkipsCheckout()
    {
        var result = await RunAsync(JobRunnerFixture.Job("echo no-repo"));

        Assert.Equal(0, result.ExitStatus);
        Assert.DoesNotContain("git", _fixture.Api.LogText);
    }

    private Task<JobResult> RunAsync(Protocol.Agents.JobAssignment job)
        => _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

    private static Protocol.Agents.JobAssignment Job(GitRepo repo, string branch, string commit, Dictionary<string, string>? extra = null, string? command = null)
    {
        var env = new Dictionary<string, string>
        {
            ["BUILDKITE_JOB_ID"] = "job-1",
            ["BUILDKITE_REPO"] = repo.Bare,
            ["BUILDKITE_BRANCH"] = branch,
            ["BUILDKITE_COMMIT"] = commit,
        };
        foreach (var (name, value) in extra ?? [])
        {
            env[name] = value;
        }
        return JobRunnerFixture.Job(command ?? "echo \"content=$(cat file.txt) head=$(git rev-parse HEAD) prompt=$GIT_TERMINAL_PROMPT\"", env);
    }
}
