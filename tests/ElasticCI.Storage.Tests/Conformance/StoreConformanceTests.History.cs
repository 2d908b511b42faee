namespace ElasticCI.Storage.Conformance;

/// <summary>Agent version, finished-job counts and the stack chart's samples (the hardening stream's store changes).</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task RegisterAsync_Version_StoredAndReadWhereverAgentsAreRead()
    {
        var registered = await Store.Agents.RegisterAsync(
            new NewAgent("v1", "agent-v1", "hash-v1", new Dictionary<string, string> { ["queue"] = "default" }, null, "host", 1, Version: "3.1.4-rc.1"), Now, Ct);
        await RegisterAsync("none");

        Assert.Equal("3.1.4-rc.1", registered.Version);
        Assert.Equal("3.1.4-rc.1", (await GetAgentAsync("v1")).Version);
        Assert.Equal("3.1.4-rc.1", (await Store.Agents.FindByTokenHashAsync("hash-v1", Ct))!.Version);
        Assert.Equal("3.1.4-rc.1", (await Store.Agents.HeartbeatAsync("v1", Now, Ct)).Agent.Version);
        Assert.Null((await GetAgentAsync("none")).Version);
        var listed = await Store.Directory.ListAgentsAsync(Now.AddDays(-1), 10, Ct);
        Assert.Equal("3.1.4-rc.1", Assert.Single(listed, a => a.Id == "v1").Version);
    }

    [Fact]
    public async Task GetFinishedJobCountsAsync_CountsFinalStatesPerQueue_NotUnfinishedJobs()
    {
        var build = await CreateBuildAsync("steps:\n  - command: a\n  - command: b\n  - command: c\n  - command: m\n    agents: {queue: mac}\n");
        await RegisterAsync("a1");
        await RegisterAsync("a2");
        var passed = await ClaimAndStartAsync("a1");
        var failed = await ClaimAndStartAsync("a2");
        await Store.Jobs.FinishAsync(passed.Id, "a1", 0, Now, Ct);
        await Store.Jobs.FinishAsync(failed.Id, "a2", 1, Now, Ct);
        Assert.DoesNotContain(await Store.Metrics.GetFinishedJobCountsAsync(Ct), c => c.State == "canceled");

        await Store.Builds.CancelBuildAsync(build.Id, Now, Ct);

        Assert.Equal(
            [new FinishedJobCount("default", "canceled", 1), new FinishedJobCount("default", "failed", 1), new FinishedJobCount("default", "passed", 1), new FinishedJobCount("mac", "canceled", 1)],
            await Store.Metrics.GetFinishedJobCountsAsync(Ct));
    }

    [Fact]
    public async Task AddFleetSamplesAsync_KeepsSinceCutoff_SameStackAndMinuteReplaced_ListedOldestFirst()
    {
        var t0 = Now;
        var t1 = Now.AddMinutes(1);
        var t2 = Now.AddMinutes(2);
        await Store.Metrics.AddFleetSamplesAsync([new FleetSample(t0, "b", 1, 1, 1, 1), new FleetSample(t0, "a", 2, 2, 2, 2)], t0, Ct);
        await Store.Metrics.AddFleetSamplesAsync([new FleetSample(t1, "b", 3, 0, 3, 0), new FleetSample(t1, "a", 4, 1, 5, 1)], t0, Ct);
        await Store.Metrics.AddFleetSamplesAsync([new FleetSample(t1, "a", 6, 2, 7, 2), new FleetSample(t2, "a", 8, 3, 9, 3)], t1, Ct);

        Assert.Equal(
            [new FleetSample(t1, "a", 6, 2, 7, 2), new FleetSample(t1, "b", 3, 0, 3, 0), new FleetSample(t2, "a", 8, 3, 9, 3)],
            await Store.Metrics.ListFleetSamplesAsync(t0, Ct));
        Assert.Equal([new FleetSample(t2, "a", 8, 3, 9, 3)], await Store.Metrics.ListFleetSamplesAsync(t2, Ct));
    }
}
