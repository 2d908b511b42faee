using ElasticCI.Storage;

namespace ElasticCI.Scaling;

public sealed class DanglingInstancesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    [Fact]
    public void Find_RunningWithOnlyLostAgentsPastGrace_Dangling()
    {
        var instance = Instance("i-1", InstanceState.Running, Agent("lost", Now.AddSeconds(-31)), Agent("lost", Now.AddSeconds(-40)));

        var found = Assert.Single(DanglingInstances.Find([instance], Grace, Now));

        Assert.Equal("i-1", found.InstanceId);
        Assert.Contains("DanglingInstanceGracePeriod 30s", found.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Find_LastAgentHeardWithinGrace_NotYet()
        => Assert.Empty(DanglingInstances.Find([Instance("i-1", InstanceState.Running, Agent("lost", Now.AddSeconds(-29)))], Grace, Now));

    [Fact]
    public void Find_OneConnectedAgent_Healthy()
        => Assert.Empty(DanglingInstances.Find(
            [Instance("i-1", InstanceState.Running, Agent("lost", Now.AddHours(-1)), Agent(AgentState.Busy.ToName(), Now.AddHours(-1)))], Grace, Now));

    [Fact]
    public void Find_PendingOrTerminated_LeftToOtherChecks()
        => Assert.Empty(DanglingInstances.Find(
            [Instance("i-1", InstanceState.Pending), Instance("i-2", InstanceState.Terminated, Agent("lost", Now.AddHours(-1)))], Grace, Now));

    [Fact]
    public void Find_DrainingWhoseAgentsLeftButProcessLingers_Dangling()
        => Assert.Single(DanglingInstances.Find([Instance("i-1", InstanceState.Draining, Agent(AgentState.Disconnected.ToName(), Now.AddMinutes(-1)))], Grace, Now));

    private static InstanceRecord Instance(string id, InstanceState state, params AgentRecord[] agents)
        => new(id, "ci", state, Now.AddHours(-2), null, agents);

    private static AgentRecord Agent(string state, DateTimeOffset lastHeartbeat)
        => new(Guid.NewGuid().ToString(), "agent", new Dictionary<string, string>(), "i-1", state, null, Now.AddHours(-2), lastHeartbeat, null);
}
