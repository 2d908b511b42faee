namespace ElasticCI.Scaling;

public sealed class RollingUpdatePlannerTests
{
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    private static FleetInstance Idle(string id) => new(id, InstanceState.Running, Now.AddMinutes(-10), [new FleetAgent(id + "-1", false, Now.AddMinutes(-1))]);

    private static FleetInstance Busy(string id) => new(id, InstanceState.Running, Now.AddMinutes(-10), [new FleetAgent(id + "-1", true, null)]);

    private static FleetInstance Booting(string id) => new(id, InstanceState.Pending, Now, []);

    private static bool Old(string id) => id.StartsWith("old", StringComparison.Ordinal);

    [Fact]
    public void Plan_NothingOutdated_NoStep()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Idle("new-1"), Idle("new-2")], Old, 1, 0);

        Assert.False(step.InProgress);
        Assert.Equal(0, step.Launch);
        Assert.Equal(2, step.Updated);
    }

    [Fact]
    public void Plan_TwoBusyOutdatedNoReplacement_SurgesOneAndTouchesNothing()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Busy("old-1"), Busy("old-2")], Old, 1, 0);

        Assert.Equal(1, step.Launch);
        Assert.Empty(step.Drain);
        Assert.Empty(step.Retire);
        Assert.Equal(2, step.Outdated);
    }

    [Fact]
    public void Plan_ReplacementBooting_WaitsWithoutSurgingAgain()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Busy("old-1"), Busy("old-2"), Booting("new-1")], Old, 1, 0);

        Assert.Equal(0, step.Launch);
        Assert.Empty(step.Retire);
        Assert.Contains("waiting", step.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ReplacementReady_RetiresOneBusyOutdated()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Busy("old-1"), Busy("old-2"), Idle("new-1")], Old, 1, 0);

        Assert.Single(step.Retire);
        Assert.Empty(step.Drain);
    }

    [Fact]
    public void Plan_IdleAndBusyOutdated_DrainsTheIdleOneFirst()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Busy("old-1"), Idle("old-2"), Idle("new-1")], Old, 1, 0);

        Assert.Equal(["old-2"], step.Drain);
        Assert.Empty(step.Retire);
    }

    [Fact]
    public void Plan_MaxUnavailableOne_DrainsBeforeReplacementIsReady()
    {
        var step = RollingUpdatePlanner.Plan(2, 0, [Idle("old-1"), Idle("old-2")], Old, 0, 1);

        Assert.Equal(0, step.Launch);
        Assert.Single(step.Drain);
    }

    [Fact]
    public void Plan_NoDemand_IdleOutdatedDrainWithoutReplacement()
    {
        var step = RollingUpdatePlanner.Plan(0, 0, [Idle("old-1"), Idle("old-2")], Old, 1, 0);

        Assert.Equal(0, step.Launch);
        Assert.Equal(2, step.Drain.Count);
    }

    [Fact]
    public void Plan_OutdatedStillBooting_DrainedAtOnce()
    {
        var step = RollingUpdatePlanner.Plan(1, 0, [Booting("old-1")], Old, 1, 0);

        Assert.Equal(["old-1"], step.Drain);
        Assert.Equal(1, step.Launch);
    }

    [Fact]
    public void Plan_PolicyAlreadyLaunching_CountsThoseAsReplacements()
    {
        var step = RollingUpdatePlanner.Plan(3, 1, [Busy("old-1"), Busy("old-2")], Old, 1, 0);

        // desired 3, one policy launch → fresh 1, active 3; surge allows 4 active → one more.
        Assert.Equal(1, step.Launch);
    }

    [Fact]
    public void Plan_OnlyDrainingOutdatedLeft_StillInProgressUntilGone()
    {
        var leaving = new FleetInstance("old-1", InstanceState.Draining, Now, [new FleetAgent("a", false, Now)]);

        var step = RollingUpdatePlanner.Plan(1, 0, [leaving, Idle("new-1")], Old, 1, 0);

        Assert.True(step.InProgress);
        Assert.Equal(0, step.Launch);
        Assert.Empty(step.Drain);
    }
}
