namespace ElasticCI.Coordinator.Tests.Dispatch;

/// <summary>`--priority`: of several idle agents on a queue, the highest-priority one gets the job (real agent processes).</summary>
public sealed class AgentPriorityTests : IAsyncLifetime
{
    private CoordinatorFixture _fixture = null!;

    public async Task InitializeAsync() => _fixture = await CoordinatorFixture.StartAsync();

    public async Task DisposeAsync() => await _fixture.DisposeAsync();

    [Fact]
    public async Task NextJob_TwoIdleAgentsWithPriorities1And9_JobsGoToThe9WhileItIsIdle()
    {
        // The low one starts first, so it is the one waiting longest: priority must still win.
        _fixture.StartAgent("agent-low", 1, "default", extraArgs: ["--priority", "1"]);
        await _fixture.WaitForIdleAgentsAsync(1);
        _fixture.StartAgent("agent-high", 1, "default", extraArgs: ["--priority", "9"]);
        await _fixture.WaitForIdleAgentsAsync(2);

        for (var i = 0; i < 3; i++)
        {
            var build = await _fixture.CreateBuildAsync("steps:\n  - command: echo one\n  - wait\n  - command: echo two\n");
            var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);
            Assert.Equal("passed", done.State);
            Assert.All(done.Jobs.Where(j => j.Agent is not null), job => Assert.Equal("agent-high", job.Agent!.Name));
            await _fixture.WaitForIdleAgentsAsync(2);
        }
    }

    [Fact]
    public async Task NextJob_HighPriorityAgentBusy_LowerPriorityAgentTakesTheNextJob()
    {
        _fixture.StartAgent("agent-low", 1, "default", extraArgs: ["--priority", "1"]);
        _fixture.StartAgent("agent-high", 1, "default", extraArgs: ["--priority", "9"]);
        await _fixture.WaitForIdleAgentsAsync(2);
        var marker = Path.Combine(_fixture.DataDirectory, "release");

        // Two jobs at once: both agents must work, the high one is busy while the low one takes the second job.
        var build = await _fixture.CreateBuildAsync($"steps:\n  - command: while [ ! -e {marker} ]; do sleep 0.1; done\n    parallelism: 2\n");
        await _fixture.WaitForAsync(build.Id, b => b.Jobs.All(j => j.State == "running"));
        await File.WriteAllTextAsync(marker, "go");
        var done = await _fixture.WaitForPassedOrFailedAsync(build.Id);

        Assert.Equal("passed", done.State);
        Assert.Equal(["agent-high", "agent-low"], done.Jobs.Select(j => j.Agent!.Name).Order(StringComparer.Ordinal));
    }
}
