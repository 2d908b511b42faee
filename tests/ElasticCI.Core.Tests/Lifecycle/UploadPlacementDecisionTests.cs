using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

public sealed class UploadPlacementDecisionTests
{
    private static UploadSiteJob Job(string id, long idx, JobState state, params string[] dependsOn) => new(id, idx, state, dependsOn);

    [Fact]
    public void Place_Append_GoesRightAfterTheUploaderAndMovesLaterJobsUp()
    {
        UploadSiteJob[] build = [Job("a", 0, JobState.Passed), Job("up", 1, JobState.Running), Job("c", 2, JobState.Scheduled)];

        var placement = UploadPlacementDecision.Place("up", build, ["n1", "n2"], replace: false, maxJobsPerBuild: 100);

        Assert.Null(placement.RefusedJobCount);
        Assert.Empty(placement.Removed);
        Assert.Equal(2, placement.FirstIndex);
        Assert.Equal(1, placement.ShiftAfter);
        Assert.Equal(2, placement.ShiftBy);
        Assert.Empty(placement.Dependencies);
    }

    [Fact]
    public void Place_PendingDependentOfTheUploader_DependsOnTheUploadedJobsToo()
    {
        UploadSiteJob[] build = [Job("up", 0, JobState.Running), Job("wait", 1, JobState.Pending, "up"), Job("done", 2, JobState.Passed, "up")];

        var placement = UploadPlacementDecision.Place("up", build, ["n1", "n2"], replace: false, maxJobsPerBuild: 100);

        Assert.Equal(["up", "n1", "n2"], placement.Dependencies["wait"]);
        // A dependent that already left pending is not held back by what was uploaded.
        Assert.False(placement.Dependencies.ContainsKey("done"));
    }

    [Fact]
    public void Place_Replace_RemovesUnstartedJobsAfterTheUploaderOnly()
    {
        UploadSiteJob[] build =
        [
            Job("before", 0, JobState.Scheduled), Job("up", 1, JobState.Running), Job("p", 2, JobState.Pending),
            Job("s", 3, JobState.Scheduled), Job("b", 4, JobState.Blocked), Job("r", 5, JobState.Running), Job("f", 6, JobState.Failed),
        ];

        var placement = UploadPlacementDecision.Place("up", build, ["n1"], replace: true, maxJobsPerBuild: 100);

        Assert.Equal(["p", "s", "b"], placement.Removed);
        Assert.Equal(2, placement.FirstIndex);
    }

    [Fact]
    public void Place_Replace_RemovedJobsLeaveTheDependenciesOfTheRest()
    {
        UploadSiteJob[] build = [Job("up", 0, JobState.Running), Job("old", 1, JobState.Pending, "up"), Job("r", 2, JobState.Running, "old", "x")];

        var placement = UploadPlacementDecision.Place("up", build, ["n1"], replace: true, maxJobsPerBuild: 100);

        Assert.Equal(["old"], placement.Removed);
        Assert.Equal(["x"], placement.Dependencies["r"]);
        Assert.False(placement.Dependencies.ContainsKey("old"));
    }

    [Fact]
    public void Place_OverTheLimit_RefusedWithTheCountAndNothingElse()
    {
        UploadSiteJob[] build = [Job("up", 0, JobState.Running), Job("x", 1, JobState.Pending, "up")];

        var placement = UploadPlacementDecision.Place("up", build, ["n1", "n2"], replace: false, maxJobsPerBuild: 3);

        Assert.Equal(4, placement.RefusedJobCount);
        Assert.Empty(placement.Removed);
        Assert.Empty(placement.Dependencies);
    }

    [Fact]
    public void Place_ReplaceMakesRoom_CountsTheRemovedJobsOut()
    {
        UploadSiteJob[] build = [Job("up", 0, JobState.Running), Job("x", 1, JobState.Pending), Job("y", 2, JobState.Scheduled)];

        var placement = UploadPlacementDecision.Place("up", build, ["n1", "n2"], replace: true, maxJobsPerBuild: 3);

        Assert.Null(placement.RefusedJobCount);
        Assert.Equal(["x", "y"], placement.Removed);
    }
}
