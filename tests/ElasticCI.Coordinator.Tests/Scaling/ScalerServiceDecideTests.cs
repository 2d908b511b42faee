using ElasticCI.Coordinator.Scaling;
using ElasticCI.Scaling;
using ElasticCI.Stacks;

namespace ElasticCI.Coordinator.Tests.Scaling;

/// <summary>The scaler's choice of policy and its scheduled MinSize, without a store or a provider.</summary>
public sealed class ScalerServiceDecideTests
{
    // A Monday, 12:00 UTC: inside the default working-hours schedule.
    private static readonly DateTimeOffset Monday = new(2025, 1, 6, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Decide_ScheduledScalingInWorkingHours_RaisesMinSizeAndSaysWhy()
    {
        var stack = new StackRuntime(new StackDefinition { Name = "s", EnableScheduledScaling = true, ScaleUpMinSize = 2 });

        var decision = ScalerService.Decide(stack, new QueueDemand(0, 0, 0), 0, [], Monday);

        Assert.Equal((2, 2), (decision.Desired, decision.Launch));
        Assert.StartsWith("ScaleUpSchedule '0 8 * * MON-FRI' fired 2025-01-06 08:00 +00:00 → MinSize 2; ", decision.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_BuildkitePolicy_KeepsGroupStateBetweenTicks()
    {
        var stack = new StackRuntime(new StackDefinition { Name = "s", Policy = StackPolicies.Buildkite });

        var first = ScalerService.Decide(stack, new QueueDemand(2, 0, 0), 0, [], Monday);
        var booting = new[] { Pending("i-1"), Pending("i-2") };
        var second = ScalerService.Decide(stack, new QueueDemand(3, 0, 0), 0, booting, Monday.AddSeconds(5));

        Assert.Equal((2, 2), (first.Desired, first.Launch));
        Assert.Equal(new BuildkiteGroupState(2, Monday, null), stack.Group);
        // Within ScaleOutCooldownPeriod (300 s) of the first scale-out: more demand waits.
        Assert.Equal((2, 0), (second.Desired, second.Launch));
        Assert.Contains("[cooldown]", second.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ElasticPolicy_LeavesGroupStateAlone()
    {
        var stack = new StackRuntime(new StackDefinition { Name = "s" });

        var decision = ScalerService.Decide(stack, new QueueDemand(2, 0, 0), 0, [], Monday);

        Assert.Equal(2, decision.Launch);
        Assert.Equal(BuildkiteGroupState.Initial, stack.Group);
    }

    private static FleetInstance Pending(string id) => new(id, InstanceState.Pending, Monday, []);
}
