using ElasticCI.Cli;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>
/// Jobs on a queue that no stack and no connected agent serves: the build API's <c>warnings</c>, <c>build show</c>,
/// <c>build --watch</c> (once) and <c>stack status</c> say so; an agent connecting for the queue clears it. A real
/// coordinator with one stack (queue <c>linux</c>, MaxSize 0) and real agent processes.
/// </summary>
public sealed class UnservedQueueWarningTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync(options =>
    {
        options.Stacks = [new StackDefinition { Name = "linux", Queue = "linux", Scaling = new() { MaxSize = 0 } }];
        options.AgentCommand = ["/bin/false"];
    });

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task Build_JobOnQueueNothingServes_WarnedInApiShowAndStackStatus_AgentForTheQueueClearsIt()
    {
        // The nowhere job waits behind the block, so it is still waiting after its agent connects: only the agent clears the warning.
        var build = await _fixture.CreateBuildAsync("""
            steps:
              - command: echo served-by-a-stack
                agents: {queue: linux}
              - block: Hold
              - command: echo nowhere-1
                agents: {queue: nowhere}
              - command: echo nowhere-2
                agents: {queue: nowhere}
            """);

        var read = await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None);
        var warning = Assert.Single(read.Warnings);
        Assert.Equal(("unserved_queue", "nowhere"), (warning.Kind, warning.Queue));
        Assert.Equal([build.Jobs[2].Id, build.Jobs[3].Id], warning.JobIds);
        Assert.StartsWith("2 jobs target queue 'nowhere', which no stack and no connected agent serves", warning.Message, StringComparison.Ordinal);
        Assert.Equal(warning.Message, Assert.Single(build.Warnings).Message);
        Assert.Single((await _fixture.Client.ListBuildsAsync("test", 10, CancellationToken.None)).Builds.Single(b => b.Id == build.Id).Warnings);
        var show = await _fixture.RunCliAsync("build", "show", build.Id);
        Assert.Equal(0, show.Exit);
        Assert.Contains($"Warning: {warning.Message}", show.Output, StringComparison.Ordinal);
        var status = await _fixture.RunCliAsync("stack", "status");
        Assert.Contains($"Warning: {warning.Message}", status.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("queue 'linux'", status.Output, StringComparison.Ordinal);
        var unserved = Assert.Single((await _fixture.Client.GetStacksAsync(CancellationToken.None)).UnservedQueues);
        Assert.Equal(("nowhere", 0, 2), (unserved.Queue, unserved.Scheduled, unserved.Waiting));

        _fixture.StartAgent("agent-nowhere", queue: "nowhere");
        var cleared = await _fixture.WaitForAsync(build.Id, b => b.Warnings.Count == 0, TimeSpan.FromSeconds(90));

        Assert.Equal(["pending", "pending"], cleared.Jobs.Skip(2).Select(j => j.State));
        Assert.Empty((await _fixture.Client.GetStacksAsync(CancellationToken.None)).UnservedQueues);
        Assert.DoesNotContain("Warning:", (await _fixture.RunCliAsync("build", "show", build.Id)).Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Warning:", (await _fixture.RunCliAsync("stack", "status")).Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Build_JobsOnStackQueueOrConnectedAgentQueue_NoWarning()
    {
        _fixture.StartAgent("agent-default");
        await _fixture.WaitForIdleAgentsAsync(1);

        var build = await _fixture.CreateBuildAsync("""
            steps:
              - block: Hold
              - command: echo on-the-stack
                agents: {queue: linux}
              - command: echo on-the-agent
            """);

        Assert.Empty(build.Warnings);
        Assert.Empty((await _fixture.Client.GetBuildAsync(build.Id, CancellationToken.None)).Warnings);
        Assert.Empty((await _fixture.Client.GetStacksAsync(CancellationToken.None)).UnservedQueues);
    }

    [Fact]
    public async Task BuildWatch_JobOnQueueNothingServes_PrintsTheWarningOnceThenFinishesOnceAnAgentServesIt()
    {
        var file = Path.Combine(_fixture.DataDirectory, "nowhere.yml");
        await File.WriteAllTextAsync(file, "steps:\n  - command: echo ran-on-nowhere\n    agents: {queue: nowhere}\n");
        using var output = new CapturedOutput();
        using var error = new StringWriter();

        var watch = CliApp.RunAsync(["build", file, "--watch", "--server", _fixture.Url, "--token", _fixture.Tokens.ApiToken], output, error);
        await output.WaitForAsync("Warning: ", TimeSpan.FromSeconds(60));
        _fixture.StartAgent("agent-nowhere", queue: "nowhere");
        var exit = await watch.WaitAsync(TimeSpan.FromSeconds(120));

        var text = output.Text;
        Assert.True(exit == 0, text + error);
        Assert.Contains("Warning: 1 job targets queue 'nowhere', which no stack and no connected agent serves", text, StringComparison.Ordinal);
        Assert.Equal(1, text.Split("Warning: ").Length - 1);
        Assert.Contains("ran-on-nowhere", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildShow_UnknownIdOrMissingArgument_ExitsTwo()
    {
        var unknown = await _fixture.RunCliAsync("build", "show", "no-such-build");
        var missing = await _fixture.RunCliAsync("build", "show");

        Assert.Equal(2, unknown.Exit);
        Assert.Contains("not found", unknown.Error, StringComparison.Ordinal);
        Assert.Equal(2, missing.Exit);
    }
}
