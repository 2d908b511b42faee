using ElasticCI.Agent.Jobs;
using Xunit.Abstractions;

namespace ElasticCI.Agent.Tests.Jobs;

/// <summary>Checkout of a repository with a git submodule, real bare repositories on disk (reference §3.6 steps 3, 7, 9).</summary>
public sealed class GitSubmoduleTests(ITestOutputHelper output) : IDisposable
{
    private const string AllowFile = "protocol.file.allow=always";

    private readonly JobRunnerFixture _fixture = new(output);

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task RunAsync_RepositoryWithSubmodule_UpdatesTheSubmoduleByDefault()
    {
        var (app, _) = AppWithSubmodule();

        var result = await RunAsync(Job(app, "echo \"lib says $(cat lib/lib.txt)\""));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("$ git -c protocol.file.allow=always submodule update --init --recursive --force", log);
        Assert.Contains("\nlib says lib-one\n", log);
    }

    [Fact]
    public async Task RunAsync_SubmodulesFalse_LeavesTheSubmoduleEmpty()
    {
        var (app, _) = AppWithSubmodule();

        var result = await RunAsync(Job(app, "test ! -e lib/lib.txt && echo submodule-skipped", new() { ["BUILDKITE_GIT_SUBMODULES"] = "false" }));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("\nsubmodule-skipped\n", log);
        Assert.DoesNotContain("submodule update", log);
    }

    [Fact]
    public async Task RunAsync_SecondJob_CleansAndResetsTheSubmoduleAndMovesItToTheNewCommit()
    {
        var (app, lib) = AppWithSubmodule();
        var firstApi = new Fakes.FakeAgentApi();
        var first = await _fixture.CreateRunner(new RunnerSetup { Api = firstApi })
            .RunAsync(Job(app, "touch lib/untracked.tmp; echo dirty > lib/lib.txt"), new JobCancellation(), _fixture.Stop)
            .WaitAsync(JobRunnerFixture.Timeout);
        Assert.True(first.ExitStatus == 0, firstApi.LogText);
        lib.Commit("two", ("lib.txt", "lib-two\n"));
        GitRepo.Run(app.Work, "-c", AllowFile, "submodule", "update", "--remote", "lib");
        app.Commit("bump lib");

        var result = await RunAsync(Job(app, "ls -a lib; echo \"lib says $(cat lib/lib.txt)\""));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("$ git submodule foreach --recursive git clean -ffxdq", log);
        Assert.Contains("\nlib says lib-two\n", log);
        Assert.DoesNotContain("untracked.tmp", log.Replace("touch lib/untracked.tmp", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_CustomCleanFlags_AreAppliedToSubmodules()
    {
        var (app, _) = AppWithSubmodule();
        var firstApi = new Fakes.FakeAgentApi();
        await _fixture.CreateRunner(new RunnerSetup { Api = firstApi })
            .RunAsync(Job(app, "touch lib/kept.tmp"), new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

        // -n: dry run, so the untracked file in the submodule survives; the flags are the job's, not the default.
        var result = await RunAsync(Job(app, "test -e lib/kept.tmp && echo kept", new() { ["BUILDKITE_GIT_CLEAN_FLAGS"] = "-n" }));

        var log = _fixture.Api.LogText;
        Assert.True(result.ExitStatus == 0, log);
        Assert.Contains("$ git submodule foreach --recursive git clean -n", log);
        Assert.Contains("\nkept\n", log);
    }

    [Fact]
    public async Task RunAsync_FileSubmoduleWithoutCloneConfig_FailsTheCheckout()
    {
        var (app, _) = AppWithSubmodule();

        var result = await RunAsync(JobRunnerFixture.Job("echo should-not-run", Env(app, [], cloneConfig: false)));

        Assert.NotEqual(0, result.ExitStatus);
        Assert.DoesNotContain("\nshould-not-run\n", _fixture.Api.LogText);
    }

    [Fact]
    public async Task RunAsync_SubmoduleUrlThatDoesNotExist_FailsTheCheckout()
    {
        var app = GitRepo.Create(_fixture.NewDirectory("repos"), "broken");
        app.Commit("app", ("app.txt", "app\n"),
            (".gitmodules", "[submodule \"lib\"]\n\tpath = lib\n\turl = /nonexistent/lib.git\n"));
        // A gitlink entry without a reachable repository behind it (committed directly: `add -A` would drop it).
        GitRepo.Run(app.Work, "update-index", "--add", "--cacheinfo", "160000,1111111111111111111111111111111111111111,lib");
        GitRepo.Run(app.Work, "commit", "-q", "-m", "link");
        GitRepo.Run(app.Work, "push", "-q", "origin", "HEAD");

        var result = await RunAsync(Job(app, "echo should-not-run"));

        Assert.NotEqual(0, result.ExitStatus);
        Assert.DoesNotContain("\nshould-not-run\n", _fixture.Api.LogText);
    }

    private (GitRepo App, GitRepo Lib) AppWithSubmodule()
    {
        var root = _fixture.NewDirectory("repos");
        var lib = GitRepo.Create(root, "lib");
        lib.Commit("one", ("lib.txt", "lib-one\n"));
        var app = GitRepo.Create(root, "app");
        app.Commit("app", ("app.txt", "app\n"));
        GitRepo.Run(app.Work, "-c", AllowFile, "submodule", "add", "-q", lib.Bare, "lib");
        app.Commit("add lib");
        return (app, lib);
    }

    private Task<JobResult> RunAsync(Protocol.Agents.JobAssignment job)
        => _fixture.CreateRunner().RunAsync(job, new JobCancellation(), _fixture.Stop).WaitAsync(JobRunnerFixture.Timeout);

    private static Protocol.Agents.JobAssignment Job(GitRepo repo, string command, Dictionary<string, string>? extra = null)
        => JobRunnerFixture.Job(command, Env(repo, extra ?? [], cloneConfig: true));

    /// <summary>Without the clone config git refuses file:// submodules (since 2.38), as a real agent would.</summary>
    private static Dictionary<string, string> Env(GitRepo repo, Dictionary<string, string> extra, bool cloneConfig)
    {
        var env = new Dictionary<string, string>
        {
            ["BUILDKITE_JOB_ID"] = "job-1",
            ["BUILDKITE_REPO"] = repo.Bare,
            ["BUILDKITE_BRANCH"] = "main",
            ["BUILDKITE_COMMIT"] = "HEAD",
        };
        if (cloneConfig)
        {
            env["BUILDKITE_GIT_SUBMODULE_CLONE_CONFIG"] = AllowFile;
        }
        foreach (var (name, value) in extra)
        {
            env[name] = value;
        }
        return env;
    }
}
