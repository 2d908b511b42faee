using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

public sealed class BuildkiteLivePolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_FirstTickWithDemand_ScalesOutAndLaunches()
    {
        var (decision, state) = BuildkiteLivePolicy.Decide(Stack(), new QueueDemand(3, 0, 0), Agents, [], BuildkiteGroupState.Initial, Now);

        Assert.Equal((3, 3), (decision.Desired, decision.Launch));
        Assert.Equal(new BuildkiteGroupState(3, Now, null), state);
        Assert.Contains("[out]", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WithinScaleOutCooldown_Waits()
    {
        var state = new BuildkiteGroupState(1, Now.AddSeconds(-10), null);

        var (decision, next) = BuildkiteLivePolicy.Decide(Stack(), new QueueDemand(3, 1, 0), Agents, [Busy("i-1")], state, Now);

        Assert.Equal((1, 0), (decision.Desired, decision.Launch));
        Assert.Equal(state, next);
        Assert.Contains("[cooldown]", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BootingInstances_CountThroughDesiredOnly()
    {
        // Desired 2, one booting, one running busy, demand for 2: steady, nothing launched twice.
        var instances = new[] { Busy("i-1"), Pending("i-2") };

        var (decision, _) = BuildkiteLivePolicy.Decide(Stack(), new QueueDemand(1, 1, 0), Agents, instances, new BuildkiteGroupState(2, null, null), Now);

        Assert.Equal((2, 0), (decision.Desired, decision.Launch));
        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_ScaleIn_DrainsOnlyIdleInstances()
    {
        var stack = Stack() with { Scaling = Sizing with { DisableScaleIn = false }, ScaleInIdlePeriod = TimeSpan.FromHours(1) };
        var instances = new[] { Busy("i-1"), Idle("i-2", 30), Busy("i-3") };

        var (decision, state) = BuildkiteLivePolicy.Decide(stack, new QueueDemand(0, 0, 0), Agents, instances, new BuildkiteGroupState(3, null, null), Now);

        Assert.Equal(0, decision.Desired);
        Assert.Equal(["i-2"], decision.Drain);
        Assert.Equal(Now, state.LastScaleIn);
        Assert.Contains("surplus 3 above desired but only 1 instance(s) idle", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DisableScaleIn_KeepsDesiredButIdleInstancesSelfTerminate()
    {
        var stack = Stack() with { ScaleInIdlePeriod = TimeSpan.FromSeconds(600) };
        var instances = new[] { Idle("i-1", 700), Idle("i-2", 100) };

        var (decision, state) = BuildkiteLivePolicy.Decide(stack, new QueueDemand(0, 0, 0), Agents, instances, new BuildkiteGroupState(2, null, null), Now);

        Assert.Equal(["i-1"], decision.Drain);
        Assert.Equal(1, state.Desired);
        Assert.Contains("self-terminating with decrement", decision.Reason, StringComparison.Ordinal);
        Assert.Contains("DisableScaleIn", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_IdleSelfTermination_StopsAtMinSize()
    {
        var stack = Stack() with { Scaling = Sizing with { MinSize = 1 }, ScaleInIdlePeriod = TimeSpan.FromSeconds(600) };

        var (decision, _) = BuildkiteLivePolicy.Decide(stack, new QueueDemand(0, 0, 0), Agents, [Idle("i-1", 700)], new BuildkiteGroupState(1, null, null), Now);

        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_InstanceWentAway_DesiredDecrementedAndNotReplacedAboveMinSize()
    {
        // Desired 3 but one instance terminated after its job: desired follows, as terminate-instance decrements it.
        var (decision, state) = BuildkiteLivePolicy.Decide(Stack(), new QueueDemand(0, 2, 0), Agents, [Busy("i-1"), Busy("i-2")],
            new BuildkiteGroupState(3, Now.AddSeconds(-10), null), Now);

        Assert.Equal((2, 0), (decision.Desired, decision.Launch));
        Assert.Equal(2, state.Desired);
        Assert.Contains("desired 3 → 2", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BelowMinSize_GroupReplaces()
    {
        var (decision, _) = BuildkiteLivePolicy.Decide(Stack() with { Scaling = Sizing with { MinSize = 2 } }, new QueueDemand(0, 0, 0), Agents, [], new BuildkiteGroupState(2, null, null), Now);

        Assert.Equal((2, 2), (decision.Desired, decision.Launch));
    }

    // Enough agents that the availability boost stays out of these tests.
    private const int Agents = 100;

    private static readonly ScalingParameters Sizing = new() { MinSize = 0, MaxSize = 10, AgentsPerInstance = 1 };

    private static StackDefinition Stack() => new() { Name = "s", Scaling = Sizing, Policy = StackPolicies.Buildkite };

    private static FleetInstance Pending(string id) => new(id, InstanceState.Pending, Now.AddMinutes(-1), []);

    private static FleetInstance Busy(string id) => new(id, InstanceState.Running, Now.AddHours(-1), [new FleetAgent($"{id}-a", true, null)]);

    private static FleetInstance Idle(string id, int seconds)
        => new(id, InstanceState.Running, Now.AddHours(-1), [new FleetAgent($"{id}-a", false, Now.AddSeconds(-seconds))]);
}
