using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>A build with a repository: the real agent checks it out (real git, a bare repository on disk) before the command.</summary>
public sealed class CheckoutTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_WithRepository_ChecksOutTheBranchTipAndRunsItsScript()
    {
        var bare = Path.Combine(_fixture.DataDirectory, "repo.git");
        var work = Path.Combine(_fixture.DataDirectory, "work");
        TestGit.Run(_fixture.DataDirectory, "init", "--bare", "-b", "main", bare);
        TestGit.Run(_fixture.DataDirectory, "clone", bare, work);
        await File.WriteAllTextAsync(Path.Combine(work, "hello.sh"), "#!/bin/bash\necho \"hello from the repository at $(git rev-parse --short HEAD)\"\n");
        TestGit.Run(work, "add", "hello.sh");
        TestGit.Run(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-m", "first");
        TestGit.Run(work, "push", "origin", "main");
        _fixture.StartAgent("agent-git");

        var build = await _fixture.Client.CreateBuildAsync(
            new CreateBuildRequest("with-repo", "steps:\n  - command: bash hello.sh\n", Branch: "main", Repository: bare), CancellationToken.None);
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        var log = await _fixture.LogAsync(done.Jobs[0].Id);
        Assert.True(done.State == "passed", log);
        Assert.Contains("hello from the repository at", log, StringComparison.Ordinal);
        Assert.Equal(bare, done.Repository);

        // The pipeline remembers its repository: the next build needs no --repo.
        var again = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest("with-repo", "steps:\n  - command: bash hello.sh\n"), CancellationToken.None);
        Assert.Equal(bare, again.Repository);
        Assert.Equal("passed", (await _fixture.WaitForPassedOrFailedAsync(again.Id)).State);
    }
}
