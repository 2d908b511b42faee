namespace ElasticCI.Storage.Conformance;

/// <summary>Agent priority in the claim: idle agents of higher priority that can take a job get it first.</summary>
public abstract partial class StoreConformanceTests
{
    [Fact]
    public async Task TryClaimAsync_HigherPriorityIdleAgentCanTakeTheJob_LowerAgentGetsNothingAndHigherGetsIt()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n");
        await RegisterWithPriorityAsync("low", 1);
        await RegisterWithPriorityAsync("high", 9);

        Assert.Null(await Store.Jobs.TryClaimAsync("low", Now, Ct));
        Assert.NotNull(await Store.Jobs.TryClaimAsync("high", Now, Ct));
    }

    [Fact]
    public async Task TryClaimAsync_HigherPriorityAgentBusy_LowerAgentGetsTheNextJob()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n  - command: make b\n");
        await RegisterWithPriorityAsync("low", 1);
        await RegisterWithPriorityAsync("high", 9);
        Assert.NotNull(await Store.Jobs.TryClaimAsync("high", Now, Ct));

        Assert.NotNull(await Store.Jobs.TryClaimAsync("low", Now, Ct));
    }

    [Fact]
    public async Task TryClaimAsync_HigherPriorityAgentDoesNotMatchTheJobsTags_LowerAgentGetsIt()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n    agents:\n      os: linux\n");
        await RegisterWithPriorityAsync("low", 1, ("os", "linux"));
        await RegisterWithPriorityAsync("high", 9, ("os", "windows"));

        Assert.NotNull(await Store.Jobs.TryClaimAsync("low", Now, Ct));
    }

    [Fact]
    public async Task TryClaimAsync_HigherPriorityAgentSilentLongerThanTheHold_NoLongerHoldsTheJobBack()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n");
        await RegisterWithPriorityAsync("high", 9);
        await RegisterWithPriorityAsync("low", 1);
        Advance(TimeSpan.FromSeconds(16));
        await Store.Agents.HeartbeatAsync("low", Now, Ct);

        Assert.NotNull(await Store.Jobs.TryClaimAsync("low", Now, Ct));
    }

    [Fact]
    public async Task TryClaimAsync_EqualPriorities_EitherAgentGetsIt()
    {
        await CreateBuildAsync("steps:\n  - command: make a\n");
        await RegisterWithPriorityAsync("first", 5);
        await RegisterWithPriorityAsync("second", 5);

        Assert.NotNull(await Store.Jobs.TryClaimAsync("second", Now, Ct));
    }

    private Task<AgentRecord> RegisterWithPriorityAsync(string id, int priority, params (string Key, string Value)[] tags)
    {
        var all = new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" };
        foreach (var (key, value) in tags)
        {
            all[key] = value;
        }
        return Store.Agents.RegisterAsync(new NewAgent(id, $"agent-{id}", $"hash-{id}", all, null, "host", 4242, priority), Now, Ct);
    }
}
