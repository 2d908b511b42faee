using ElasticCI.Stacks;

namespace ElasticCI.Scaling;

public sealed class ElasticScalingPolicyParameterTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    // scheduled, running, APR, InstanceBuffer, MaxInstanceCap, desired
    [InlineData(0, 0, 1, 3, 0, 0)]   // no jobs → no buffer
    [InlineData(1, 0, 1, 3, 0, 2)]   // buffer is at most the jobs' instances (1)
    [InlineData(5, 0, 1, 3, 0, 8)]   // buffer is at most InstanceBuffer
    [InlineData(0, 4, 2, 3, 0, 4)]   // running jobs count too: 2 + min(2, 3)
    [InlineData(9, 0, 1, 0, 4, 4)]   // MaxInstanceCap caps the job count
    [InlineData(9, 0, 1, 5, 4, 8)]   // and, separately, the buffer
    [InlineData(9, 0, 1, 5, 0, 10)]  // MaxSize still clamps
    public void Decide_BufferAndCap_AsOriginal(int scheduled, int running, int apr, int buffer, int cap, int desired)
    {
        var stack = Stack() with { Scaling = Sizing with { AgentsPerInstance = apr, InstanceBuffer = buffer, MaxInstanceCap = cap } };

        var decision = ElasticScalingPolicy.Decide(stack, new QueueDemand(scheduled, running, 0), [], Now);

        Assert.Equal((desired, desired), (decision.Desired, decision.Launch));
    }

    [Fact]
    public void Decide_Buffer_NamedInReason()
    {
        var decision = ElasticScalingPolicy.Decide(Stack() with { Scaling = Sizing with { InstanceBuffer = 2 } }, new QueueDemand(3, 0, 0), [], Now);

        Assert.Equal("scheduled=3 running=0 APR=1 → need 3, + buffer 2 (InstanceBuffer 2) = 5, have 0, launching 5", decision.Reason);
    }

    [Theory]
    // scheduled, have, factor, launch
    [InlineData(4, 0, 0.5, 2)]
    [InlineData(5, 0, 0.5, 3)]   // rounded up
    [InlineData(4, 1, 0.1, 1)]   // always progress
    [InlineData(4, 0, 0.0, 4)]   // 0 = the full step
    [InlineData(4, 0, 2.0, 8)]   // overshoots the target ...
    [InlineData(8, 0, 2.0, 10)]  // ... but never MaxSize
    [InlineData(4, 0, -0.5, 2)]  // absolute value
    public void Decide_ScaleOutFactor_MultipliesStep(int scheduled, int have, double factor, int launch)
    {
        var instances = Enumerable.Range(0, have).Select(i => Busy($"i-{i}")).ToList();

        var decision = ElasticScalingPolicy.Decide(Stack() with { Scaling = Sizing with { ScaleOutFactor = factor } }, new QueueDemand(scheduled, have, 0), instances, Now);

        Assert.Equal(launch, decision.Launch);
        Assert.Equal(have + launch, decision.Desired);
    }

    [Fact]
    public void Decide_DisableScaleOut_LaunchesNothingAboveMinSize()
    {
        var decision = ElasticScalingPolicy.Decide(Stack() with { Scaling = Sizing with { DisableScaleOut = true } }, new QueueDemand(5, 0, 0), [], Now);

        Assert.Equal((0, 0), (decision.Desired, decision.Launch));
        Assert.Contains("DisableScaleOut", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_DisableScaleOut_StillFillsMinSize()
    {
        var decision = ElasticScalingPolicy.Decide(Stack() with { Scaling = Sizing with { DisableScaleOut = true, MinSize = 2 } }, new QueueDemand(5, 0, 0), [], Now);

        Assert.Equal((2, 2), (decision.Desired, decision.Launch));
    }

    [Fact]
    public void Decide_DisableScaleInDefault_StillDrainsIdleInstances()
    {
        var decision = ElasticScalingPolicy.Decide(Stack() with { Scaling = Sizing with { DisableScaleIn = true } }, new QueueDemand(0, 0, 0), [Idle("i-1", 700)], Now);

        Assert.Equal(["i-1"], decision.Drain);
    }

    [Fact]
    public void Decide_ScaleInIdlePeriodZero_NeverDrains()
    {
        var decision = ElasticScalingPolicy.Decide(Stack() with { ScaleInIdlePeriod = TimeSpan.Zero }, new QueueDemand(0, 0, 0), [Idle("i-1", 7000)], Now);

        Assert.Empty(decision.Drain);
        Assert.Contains("ScaleInIdlePeriod 0", decision.Reason, StringComparison.Ordinal);
    }

    private static readonly ScalingParameters Sizing = new() { MinSize = 0, MaxSize = 10, AgentsPerInstance = 1 };

    private static StackDefinition Stack() => new() { Name = "s", Scaling = Sizing };

    private static FleetInstance Busy(string id) => new(id, InstanceState.Running, Now.AddHours(-1), [new FleetAgent($"{id}-a", true, null)]);

    private static FleetInstance Idle(string id, int seconds)
        => new(id, InstanceState.Running, Now.AddHours(-1), [new FleetAgent($"{id}-a", false, Now.AddSeconds(-seconds))]);
}
