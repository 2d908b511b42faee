namespace ElasticCI.Scaling;

public sealed class ElasticDryRunPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_MoreDemandThanGroup_ScalesOutToCeilOfJobs()
    {
        var decision = ElasticDryRunPolicy.Decide(new ScalingParameters { AgentsPerInstance = 2 }, Tick(scheduled: 7, running: 2, desired: 3, inService: 3));

        Assert.Equal((5, ScalingAction.Out), (decision.Desired, decision.Action));
    }

    [Fact]
    public void Decide_BootingInstancesCount_NoSecondLaunch()
    {
        var decision = ElasticDryRunPolicy.Decide(new ScalingParameters(), Tick(scheduled: 4, desired: 4, inService: 1));

        Assert.Equal((4, ScalingAction.None), (decision.Desired, decision.Action));
    }

    [Fact]
    public void Decide_Surplus_NoneAndSaysIdleTimesAreMissing()
    {
        var decision = ElasticDryRunPolicy.Decide(new ScalingParameters(), Tick(scheduled: 1, desired: 4, inService: 4));

        Assert.Equal((4, ScalingAction.None), (decision.Desired, decision.Action));
        Assert.Contains("scale-in needs per-instance idle times, which the dry-run input lacks", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BuildkiteOnlyParametersSet_ReasonSaysTheyAreIgnored()
    {
        var decision = ElasticDryRunPolicy.Decide(new ScalingParameters { ScaleOutCooldownPeriod = TimeSpan.FromSeconds(60), AvailabilityThreshold = 0.9 },
            Tick(scheduled: 2));

        Assert.Equal((2, ScalingAction.Out), (decision.Desired, decision.Action));
        Assert.Contains("the elastic policy ignores ScaleOutCooldownPeriod, AvailabilityThreshold", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_SharedParameters_HonouredAsTheLivePolicyDoes()
    {
        var buffered = ElasticDryRunPolicy.Decide(new ScalingParameters { InstanceBuffer = 1 }, Tick(scheduled: 2));
        var frozen = ElasticDryRunPolicy.Decide(new ScalingParameters { DisableScaleOut = true }, Tick(scheduled: 2));

        Assert.Equal((3, ScalingAction.Out), (buffered.Desired, buffered.Action));
        Assert.Equal((0, ScalingAction.None), (frozen.Desired, frozen.Action));
        Assert.DoesNotContain("ignores", buffered.Reason + frozen.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ClampedToMaxSize()
    {
        var decision = ElasticDryRunPolicy.Decide(new ScalingParameters { MaxSize = 3 }, Tick(scheduled: 9));

        Assert.Equal((3, ScalingAction.Out), (decision.Desired, decision.Action));
    }

    private static BuildkiteTickInput Tick(int scheduled = 0, int running = 0, int desired = 0, int inService = 0) =>
        new(scheduled, running, 0, inService, desired, inService, null, null, Now);
}
