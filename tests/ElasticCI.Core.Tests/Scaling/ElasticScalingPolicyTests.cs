using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

public sealed class ElasticScalingPolicyTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // scheduled, running, APR, MinSize, MaxSize, desired
    [InlineData(0, 0, 1, 0, 10, 0)]
    [InlineData(1, 0, 1, 0, 10, 1)]
    [InlineData(0, 1, 1, 0, 10, 1)]
    [InlineData(3, 2, 1, 0, 10, 5)]
    [InlineData(1, 0, 2, 0, 10, 1)]
    [InlineData(2, 0, 2, 0, 10, 1)]
    [InlineData(3, 0, 2, 0, 10, 2)]
    [InlineData(2, 1, 2, 0, 10, 2)]
    [InlineData(7, 2, 2, 0, 10, 5)]
    [InlineData(1, 0, 3, 0, 10, 1)]
    [InlineData(3, 0, 3, 0, 10, 1)]
    [InlineData(4, 0, 3, 0, 10, 2)]
    [InlineData(3, 3, 3, 0, 10, 2)]
    [InlineData(5, 5, 3, 0, 10, 4)]
    [InlineData(0, 0, 2, 2, 10, 2)]   // MinSize raises an idle stack
    [InlineData(1, 0, 1, 3, 10, 3)]   // MinSize raises low demand
    [InlineData(6, 0, 2, 3, 10, 3)]   // demand equal to MinSize
    [InlineData(20, 0, 1, 0, 4, 4)]   // MaxSize caps
    [InlineData(9, 9, 2, 0, 4, 4)]    // MaxSize caps with APR 2
    [InlineData(100, 0, 3, 1, 5, 5)]  // MaxSize caps with APR 3
    [InlineData(5, 0, 1, 5, 5, 5)]    // MinSize == MaxSize
    [InlineData(0, 0, 1, 0, 0, 0)]    // MaxSize 0
    [InlineData(5, 0, 1, 0, 0, 0)]    // MaxSize 0 with demand
    public void Decide_NoInstances_DesiredIsClampedCeilingOfDemandOverApr(int scheduled, int running, int apr, int min, int max, int desired)
    {
        var stack = Stack(min, max, apr);

        var decision = ElasticScalingPolicy.Decide(stack, new QueueDemand(scheduled, running, 0), [], Now);

        Assert.Equal(desired, decision.Desired);
        Assert.Equal(desired, decision.Launch);
        Assert.Empty(decision.Drain);
        Assert.Contains($"scheduled={scheduled} running={running} APR={apr}", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WaitingJobs_DoNotCountAsDemand()
    {
        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 0, 5), [], Now);

        Assert.Equal((0, 0), (decision.Desired, decision.Launch));
        Assert.True(decision.IsNoOp);
    }

    [Fact]
    public void Decide_BootingInstancesCoverDemand_LaunchesNothing()
    {
        var instances = new[] { Pending("i-1"), Pending("i-2") };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(4, 0, 0), instances, Now);

        Assert.Equal((2, 0), (decision.Desired, decision.Launch));
        Assert.Empty(decision.Drain);
        Assert.True(decision.IsNoOp);
    }

    [Fact]
    public void Decide_SomeBootingInstances_LaunchesOnlyTheDifference()
    {
        var instances = new[] { Pending("i-1"), IdleRunning("i-2", TimeSpan.Zero) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(5, 0, 0), instances, Now);

        Assert.Equal((5, 3), (decision.Desired, decision.Launch));
        Assert.EndsWith("have 2, launching 3", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DrainingTerminatingTerminatedInstances_DoNotCount()
    {
        var instances = new[]
        {
            Instance("i-1", InstanceState.Draining, Agent("a1", busy: true)),
            Instance("i-2", InstanceState.Terminating),
            Instance("i-3", InstanceState.Terminated),
        };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(2, 0, 0), instances, Now);

        Assert.Equal((2, 2), (decision.Desired, decision.Launch));
        Assert.Contains("have 0", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DemandMatchesInstances_Steady()
    {
        var instances = new[] { Instance("i-1", InstanceState.Running, Agent("a1", busy: true), Agent("a2", busy: true)) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(0, 2, 0), instances, Now);

        Assert.True(decision.IsNoOp);
        Assert.Equal("scheduled=0 running=2 APR=2 → need 1, have 1, steady", decision.Reason);
    }

    [Fact]
    public void Decide_AllAgentsIdleLongEnough_DrainsInstance()
    {
        var instances = new[] { IdleRunning("i-1", TimeSpan.FromSeconds(700), TimeSpan.FromSeconds(650)) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Equal(["i-1"], decision.Drain);
        Assert.Equal((0, 0), (decision.Desired, decision.Launch));
        Assert.Equal(
            "scheduled=0 running=0 APR=2 → need 0, have 1, surplus 1; draining 1 (i-1 idle 650s ≥ ScaleInIdlePeriod 600s)",
            decision.Reason);
    }

    [Fact]
    public void Decide_IdleExactlyScaleInIdlePeriod_Drains()
    {
        var instances = new[] { IdleRunning("i-1", TimeSpan.FromSeconds(600)) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Equal(["i-1"], decision.Drain);
    }

    [Fact]
    public void Decide_BusyAgent_NeverDrained()
    {
        var instances = new[]
        {
            Instance("i-1", InstanceState.Running, Agent("a1", busy: true), Agent("a2", idleFor: TimeSpan.FromHours(5))),
        };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Empty(decision.Drain);
        Assert.Equal(0, decision.Launch);
        Assert.EndsWith("surplus 1; no instance idle for 600s yet", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_OneAgentIdleTooBriefly_NotDrained()
    {
        var instances = new[] { IdleRunning("i-1", TimeSpan.FromHours(1), TimeSpan.FromSeconds(599)) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_AgentWithoutIdleSince_NotDrained()
    {
        var instances = new[]
        {
            Instance("i-1", InstanceState.Running, Agent("a1", idleFor: TimeSpan.FromHours(1)), new FleetAgent("a2", Busy: false, IdleSince: null)),
        };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 2), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_RunningInstanceWithNoAgents_NotDrained()
    {
        var instances = new[] { Instance("i-1", InstanceState.Running) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_PendingInstanceWithIdleAgents_NotDrained()
    {
        var instances = new[] { Instance("i-1", InstanceState.Pending, Agent("a1", idleFor: TimeSpan.FromHours(1))) };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 0, 0), instances, Now);

        Assert.Empty(decision.Drain);
    }

    [Fact]
    public void Decide_MoreIdleInstancesThanSurplus_DrainsSurplusLongestIdleFirst()
    {
        var instances = new[]
        {
            IdleRunning("i-1", TimeSpan.FromSeconds(700)),
            IdleRunning("i-2", TimeSpan.FromSeconds(900)),
            IdleRunning("i-3", TimeSpan.FromSeconds(800)),
            Instance("i-4", InstanceState.Running, Agent("a", busy: true)),
        };

        // running=1 → need 1; 4 active → surplus 3; only three are idle, the busy one stays.
        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 1, 0), instances, Now);
        Assert.Equal(["i-2", "i-3", "i-1"], decision.Drain);

        // scheduled=2 running=1 → need 3; surplus 1 → only the longest idle.
        decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(2, 1, 0), instances, Now);
        Assert.Equal(["i-2"], decision.Drain);
        Assert.Equal((3, 0), (decision.Desired, decision.Launch));
    }

    [Fact]
    public void Decide_EquallyIdle_OldestLaunchedFirst()
    {
        var instances = new[]
        {
            IdleRunning("i-new", TimeSpan.FromSeconds(700)) with { LaunchedAt = Now.AddHours(-1) },
            IdleRunning("i-old", TimeSpan.FromSeconds(700)) with { LaunchedAt = Now.AddHours(-2) },
        };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 10, 1), new QueueDemand(0, 1, 0), instances, Now);

        Assert.Equal(["i-old"], decision.Drain);
    }

    [Fact]
    public void Decide_MinSize_KeepsIdleInstances()
    {
        var instances = new[]
        {
            IdleRunning("i-1", TimeSpan.FromHours(1)),
            IdleRunning("i-2", TimeSpan.FromHours(2)),
            IdleRunning("i-3", TimeSpan.FromHours(3)),
        };

        var decision = ElasticScalingPolicy.Decide(Stack(2, 10, 1), new QueueDemand(0, 0, 0), instances, Now);
        Assert.Equal(["i-3"], decision.Drain);
        Assert.Contains("need 0, clamped to 2 by [MinSize 2, MaxSize 10], have 3", decision.Reason, StringComparison.Ordinal);

        decision = ElasticScalingPolicy.Decide(Stack(3, 10, 1), new QueueDemand(0, 0, 0), instances, Now);
        Assert.True(decision.IsNoOp);
        Assert.EndsWith("steady", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AboveMaxSize_DrainsIdleDownToMax()
    {
        var instances = new[]
        {
            IdleRunning("i-1", TimeSpan.FromHours(1)),
            Instance("i-2", InstanceState.Running, Agent("a", busy: true)),
        };

        var decision = ElasticScalingPolicy.Decide(Stack(0, 1, 1), new QueueDemand(5, 1, 0), instances, Now);

        Assert.Equal((1, 0), (decision.Desired, decision.Launch));
        Assert.Equal(["i-1"], decision.Drain);
    }

    [Fact]
    public void Decide_Reason_ContainsInputsAndClamp()
    {
        var decision = ElasticScalingPolicy.Decide(Stack(0, 3, 2), new QueueDemand(7, 2, 1), [], Now);

        Assert.Equal("scheduled=7 running=2 APR=2 → need 5, clamped to 3 by [MinSize 0, MaxSize 3], have 0, launching 3", decision.Reason);
    }

    private static StackDefinition Stack(int min, int max, int apr) => new()
    {
        Name = "s",
        Scaling = new() { MinSize = min, MaxSize = max, AgentsPerInstance = apr },
        ScaleInIdlePeriod = TimeSpan.FromSeconds(600),
    };

    private static FleetAgent Agent(string id, bool busy = false, TimeSpan? idleFor = null)
        => new(id, busy, busy ? null : Now - (idleFor ?? TimeSpan.Zero));

    private static FleetInstance Instance(string id, InstanceState state, params FleetAgent[] agents)
        => new(id, state, Now.AddHours(-3), agents);

    private static FleetInstance Pending(string id) => Instance(id, InstanceState.Pending);

    private static FleetInstance IdleRunning(string id, params TimeSpan[] idleFor)
        => Instance(id, InstanceState.Running, [.. idleFor.Select((t, i) => Agent($"{id}-a{i}", idleFor: t))]);
}
