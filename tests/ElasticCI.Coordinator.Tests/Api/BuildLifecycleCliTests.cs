using System.Net;
using ElasticCI.Client;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary><c>elastic-ci build cancel|rebuild</c> and their API paths against a real coordinator (no agent needed).</summary>
public sealed class BuildLifecycleCliTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Rebuild_ExistingBuild_NewBuildWithTheSameSource()
    {
        var build = await _fixture.Client.CreateBuildAsync(new CreateBuildRequest(
            "app", "steps:\n  - command: echo $$GREETING\n", "pipeline.yml", "release", "abc123", "ship it",
            new Dictionary<string, string> { ["GREETING"] = "hi" }, "https://example.com/app.git"), CancellationToken.None);

        var (exit, output, _) = await _fixture.RunCliAsync("build", "rebuild", build.Id, "--output", "json");

        Assert.Equal(0, exit);
        Assert.Contains("\"number\":2", output, StringComparison.Ordinal);
        var rebuilt = (await _fixture.Client.ListBuildsAsync("app", 10, CancellationToken.None)).Builds[0];
        Assert.NotEqual(build.Id, rebuilt.Id);
        Assert.Equal((build.Pipeline, build.Branch, build.Commit, build.Message, build.Repository, build.Jobs.Count),
            (rebuilt.Pipeline, rebuilt.Branch, rebuilt.Commit, rebuilt.Message, rebuilt.Repository, rebuilt.Jobs.Count));
    }

    [Fact]
    public async Task Cancel_ScheduledBuild_Canceled()
    {
        var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo\n");

        var (exit, output, _) = await _fixture.RunCliAsync("build", "cancel", build.Id);

        Assert.Equal(0, exit);
        Assert.Contains("canceled", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("rebuild")]
    [InlineData("retry-job")]
    [InlineData("unblock")]
    public async Task Subcommand_UnknownIdOrMissingArgument_ExitsTwo(string subcommand)
    {
        var unknown = await _fixture.RunCliAsync("build", subcommand, "no-such-id");
        var missing = await _fixture.RunCliAsync("build", subcommand);

        Assert.Equal(2, unknown.Exit);
        Assert.Contains("not found", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.Exit);
    }

    [Fact]
    public async Task Rebuild_UnknownBuild_NotFound()
    {
        var error = await Assert.ThrowsAsync<CoordinatorException>(() => _fixture.Client.RebuildAsync("no-such-build", CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
    }
}
