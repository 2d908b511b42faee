using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Storage.Conformance;

public abstract partial class StoreConformanceTests
{
    private const string Deploy = """
        steps:
          - command: make deploy
            concurrency: 1
            concurrency_group: deploy
          - command: make other
        """;

    [Fact]
    public async Task TryClaimAsync_GroupAtItsLimit_JobOfOtherBuildWaitsUntilSlotFrees()
    {
        var first = await CreateBuildAsync(Deploy);
        Advance(TimeSpan.FromSeconds(1));
        var second = await CreateBuildAsync(Deploy);
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        await RegisterAsync("a3");

        var running = await ClaimAndStartAsync("a1");
        var other = await ClaimAndStartAsync("a2");
        var third = await ClaimAndStartAsync("a3");

        Assert.Equal((first.Jobs[0].Id, first.Jobs[1].Id, second.Jobs[1].Id), (running.Id, other.Id, third.Id));
        await Store.Jobs.FinishAsync(other.Id, "a2", 0, Now, Ct);
        Assert.Null(await Store.Jobs.TryClaimAsync("a2", Now, Ct));
        await Store.Jobs.FinishAsync(running.Id, "a1", 0, Now, Ct);
        Assert.Equal(second.Jobs[0].Id, (await ClaimAndStartAsync("a2")).Id);
    }

    [Fact]
    public async Task TryClaimAsync_OrderedGroup_OlderJobGoesFirstEvenWithLowerPriority()
    {
        var older = await CreateBuildAsync("steps:\n  - command: make a\n    concurrency: 1\n    concurrency_group: g\n    agents: {os: mac}\n");
        Advance(TimeSpan.FromSeconds(1));
        var newer = await CreateBuildAsync("steps:\n  - command: make b\n    concurrency: 1\n    concurrency_group: g\n    priority: 5\n");
        await RegisterAsync("linux");

        Assert.Null(await Store.Jobs.TryClaimAsync("linux", Now, Ct));
        Assert.Equal(JobState.Scheduled, (await GetBuildAsync(newer.Id)).Jobs[0].State);
        Assert.Equal(BuildState.Scheduled.ToName(), (await GetBuildAsync(older.Id)).State);
    }

    [Fact]
    public async Task TryClaimAsync_EagerGroup_AnyWaitingJobTakesAFreeSlot()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n    concurrency: 1\n    concurrency_group: g\n    concurrency_method: eager\n    agents: {os: mac}\n");
        Advance(TimeSpan.FromSeconds(1));
        var newer = await CreateBuildAsync("steps:\n  - command: make b\n    concurrency: 1\n    concurrency_group: g\n    concurrency_method: eager\n");
        await RegisterAsync("linux");

        Assert.Equal(newer.Jobs[0].Id, (await ClaimAndStartAsync("linux")).Id);
    }
}
