namespace ElasticCI.Scaling;

public sealed class SpotCapacityTests
{
    [Fact]
    public void Next_DefaultHundredPercent_AlwaysOnDemand()
    {
        Assert.Equal(InstanceLifecycles.OnDemand, SpotCapacity.Next(0, 100, 0, 0));
        Assert.Equal(InstanceLifecycles.OnDemand, SpotCapacity.Next(0, 100, 7, 0));
    }

    [Fact]
    public void Next_BaseTwoZeroPercent_BaseOnDemandThenSpot()
    {
        var lifecycles = Launch(5, onDemandBase: 2, percentage: 0);

        Assert.Equal(["on-demand", "on-demand", "spot", "spot", "spot"], lifecycles);
    }

    [Fact]
    public void Next_FiftyPercentAboveBaseOne_HalfOfTheRestRoundedUpOnDemand()
    {
        var lifecycles = Launch(5, onDemandBase: 1, percentage: 50);

        // Above the base: 1 → ceil(0.5)=1 on-demand, 2 → 1, 3 → ceil(1.5)=2, 4 → 2.
        Assert.Equal(["on-demand", "on-demand", "spot", "on-demand", "spot"], lifecycles);
    }

    private static List<string> Launch(int count, int onDemandBase, int percentage)
    {
        var result = new List<string>();
        for (var i = 0; i < count; i++)
        {
            result.Add(SpotCapacity.Next(onDemandBase, percentage, result.Count(l => l == InstanceLifecycles.OnDemand), result.Count(l => l == InstanceLifecycles.Spot)));
        }
        return result;
    }
}
