using ElasticCI.Jobs;

namespace ElasticCI.Builds;

public sealed class BuildProgressTests
{
    [Fact]
    public void Advance_NoDependencies_Scheduled()
    {
        var changes = BuildProgress.Advance([Job("a", JobState.Pending)], canceled: false);

        Assert.Equal([("a", JobState.Scheduled)], changes);
    }

    [Fact]
    public void Advance_AllDependenciesPassed_Scheduled()
    {
        var jobs = new[]
        {
            Job("a", JobState.Passed),
            Job("b", JobState.Skipped),
            Job("c", JobState.Pending, "a", "b"),
        };

        Assert.Equal([("c", JobState.Scheduled)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Theory]
    [InlineData("Scheduled")]
    [InlineData("Assigned")]
    [InlineData("Running")]
    [InlineData("Pending")]
    [InlineData("Blocked")]
    public void Advance_DependencyNotFinal_StaysPending(string dependencyState)
    {
        var jobs = new[]
        {
            Job("a", JobState.Passed),
            Job("b", Enum.Parse<JobState>(dependencyState), "x"),
            Job("x", JobState.Running),
            Job("c", JobState.Pending, "a", "b"),
        };

        Assert.DoesNotContain(BuildProgress.Advance(jobs, canceled: false), c => c.JobId == "c");
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Canceled")]
    [InlineData("TimedOut")]
    [InlineData("Lost")]
    [InlineData("Broken")]
    public void Advance_DependencyFailed_Broken(string dependencyState)
    {
        var jobs = new[]
        {
            Job("a", JobState.Passed),
            Job("b", Enum.Parse<JobState>(dependencyState)),
            Job("c", JobState.Pending, "a", "b"),
        };

        Assert.Equal([("c", JobState.Broken)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Fact]
    public void Advance_DependencyFailed_DependentsBrokenTransitively()
    {
        // Listed out of order on purpose: d is visited before c breaks.
        var jobs = new[]
        {
            Job("d", JobState.Pending, "c"),
            Job("a", JobState.Failed),
            Job("c", JobState.Pending, "a"),
            Job("e", JobState.Pending, "d"),
            Job("f", JobState.Pending),
        };

        var changes = BuildProgress.Advance(jobs, canceled: false);

        Assert.Equal(
            [("c", JobState.Broken), ("d", JobState.Broken), ("e", JobState.Broken), ("f", JobState.Scheduled)],
            changes.OrderBy(c => c.JobId, StringComparer.Ordinal));
    }

    [Fact]
    public void Advance_SoftFailedDependency_Scheduled()
    {
        var jobs = new[]
        {
            Job("a", JobState.Failed) with { SoftFailed = true },
            Job("b", JobState.Pending, "a"),
        };

        Assert.Equal([("b", JobState.Scheduled)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("TimedOut")]
    [InlineData("Canceled")]
    [InlineData("Broken")]
    public void Advance_ContinueOnFailure_ScheduledAfterFailure(string dependencyState)
    {
        var jobs = new[]
        {
            Job("a", Enum.Parse<JobState>(dependencyState)),
            Job("b", JobState.Pending, "a") with { ContinueOnFailure = true },
        };

        Assert.Equal([("b", JobState.Scheduled)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Fact]
    public void Advance_ContinueOnFailureAfterBrokenChain_ScheduledOnceChainSettles()
    {
        var jobs = new[]
        {
            Job("a", JobState.Failed),
            Job("b", JobState.Pending, "a"),
            Job("c", JobState.Pending, "b") with { ContinueOnFailure = true },
        };

        Assert.Equal([("b", JobState.Broken), ("c", JobState.Scheduled)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("TimedOut")]
    [InlineData("Lost")]
    [InlineData("Broken")]
    public void Advance_AllowDependencyFailure_ScheduledAfterFailure(string dependencyState)
    {
        var jobs = new[]
        {
            Job("a", Enum.Parse<JobState>(dependencyState)),
            Job("b", JobState.Pending, "a") with { AllowDependencyFailure = true },
        };

        Assert.Equal([("b", JobState.Scheduled)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Fact]
    public void Advance_AllowFailureOfOneDependency_OnlyThatFailureAllowed()
    {
        var allowed = new[]
        {
            Job("a", JobState.Failed),
            Job("b", JobState.Passed),
            Job("c", JobState.Pending, "b", "a") with { AllowedFailureDependencies = [1] },
        };
        var notAllowed = new[]
        {
            Job("a", JobState.Failed),
            Job("b", JobState.Failed),
            Job("c", JobState.Pending, "b", "a") with { AllowedFailureDependencies = [1] },
        };

        Assert.Equal([("c", JobState.Scheduled)], BuildProgress.Advance(allowed, canceled: false));
        Assert.Equal([("c", JobState.Broken)], BuildProgress.Advance(notAllowed, canceled: false));
    }

    [Fact]
    public void Advance_AllowDependencyFailure_StillWaitsForRunningDependency()
    {
        var jobs = new[]
        {
            Job("a", JobState.Running),
            Job("b", JobState.Pending, "a") with { AllowDependencyFailure = true },
        };

        Assert.Empty(BuildProgress.Advance(jobs, canceled: false));
    }

    [Fact]
    public void CancelOnBuildFailing_HardFailure_UnfinishedFlaggedJobs()
    {
        var jobs = new[]
        {
            Job("a", JobState.Failed),
            Job("b", JobState.Running) with { CancelOnBuildFailing = true },
            Job("c", JobState.Scheduled) with { CancelOnBuildFailing = true },
            Job("d", JobState.Passed) with { CancelOnBuildFailing = true },
            Job("e", JobState.Running),
        };

        Assert.Equal(["b", "c"], BuildProgress.CancelOnBuildFailing(jobs));
    }

    [Fact]
    public void CancelOnBuildFailing_OnlySoftFailures_Nothing()
    {
        var jobs = new[]
        {
            Job("a", JobState.Failed) with { SoftFailed = true },
            Job("b", JobState.Running) with { CancelOnBuildFailing = true },
        };

        Assert.Empty(BuildProgress.CancelOnBuildFailing(jobs));
    }

    [Fact]
    public void Advance_BlockJobDependenciesMet_BlockedNotScheduled()
    {
        var jobs = new[]
        {
            Job("a", JobState.Passed),
            Job("gate", JobState.Pending, "a") with { Kind = JobKind.Block },
            Job("ask", JobState.Pending) with { Kind = JobKind.Input },
            Job("b", JobState.Pending, "gate"),
        };

        Assert.Equal([("gate", JobState.Blocked), ("ask", JobState.Blocked)], BuildProgress.Advance(jobs, canceled: false));
    }

    [Theory]
    [InlineData("Passed", "blocked")]
    [InlineData("Failed", "failed")]
    [InlineData("Running", "running")]
    public void Derive_HeldByBlockJob_ShowsItsBlockedState(string blockedState, string expected)
    {
        var jobs = new[]
        {
            Job("a", JobState.Passed),
            Job("gate", JobState.Blocked) with { Kind = JobKind.Block, BlockedState = Enum.Parse<Pipelines.BlockedState>(blockedState) },
            Job("b", JobState.Pending, "gate"),
        };

        Assert.Equal(expected, BuildProgress.Derive(jobs, canceled: false));
    }

    [Fact]
    public void Derive_BlockedButOtherJobsRunning_Running()
        => Assert.Equal(BuildState.Running.ToName(), BuildProgress.Derive(
            [Job("gate", JobState.Blocked) with { Kind = JobKind.Input }, Job("b", JobState.Running)], canceled: false));

    [Fact]
    public void Advance_UnknownDependencyId_Ignored()
        => Assert.Equal([("a", JobState.Scheduled)], BuildProgress.Advance([Job("a", JobState.Pending, "missing")], canceled: false));

    [Fact]
    public void Advance_CanceledBuild_PendingJobsCanceled()
    {
        var jobs = new[]
        {
            Job("a", JobState.Running),
            Job("b", JobState.Pending, "a"),
            Job("c", JobState.Pending),
            Job("d", JobState.Scheduled),
            Job("e", JobState.Passed),
        };

        Assert.Equal([("b", JobState.Canceled), ("c", JobState.Canceled)], BuildProgress.Advance(jobs, canceled: true));
    }

    [Fact]
    public void Advance_NothingPending_NoChanges()
        => Assert.Empty(BuildProgress.Advance([Job("a", JobState.Running), Job("b", JobState.Passed)], canceled: false));

    [Fact]
    public void Derive_AllJobsWaiting_Scheduled()
        => Assert.Equal(BuildState.Scheduled.ToName(), Derive(false, JobState.Scheduled, JobState.Pending));

    [Theory]
    [InlineData("Skipped", "Scheduled")]
    [InlineData("Skipped", "Pending")]
    [InlineData("Broken", "Scheduled")]
    public void Derive_FinishedJobsThatNeverRanAndTheRestWaiting_StillScheduled(string first, string second)
        => Assert.Equal(BuildState.Scheduled.ToName(), Derive(false, Enum.Parse<JobState>(first), Enum.Parse<JobState>(second)));

    [Theory]
    [InlineData("Assigned", "Pending")]
    [InlineData("Running", "Scheduled")]
    [InlineData("Passed", "Scheduled")]
    [InlineData("Failed", "Pending")]
    public void Derive_SomeJobOnAgentOrFinished_Running(string first, string second)
        => Assert.Equal(BuildState.Running.ToName(), Derive(false, Enum.Parse<JobState>(first), Enum.Parse<JobState>(second)));

    [Fact]
    public void Derive_AllPassedOrSkipped_Passed()
        => Assert.Equal(BuildState.Passed.ToName(), Derive(false, JobState.Passed, JobState.Skipped, JobState.Passed));

    [Fact]
    public void Derive_SoftFailure_StaysPassed()
    {
        var jobs = new[] { Job("a", JobState.Passed), Job("b", JobState.Failed) with { SoftFailed = true } };

        Assert.Equal(BuildState.Passed.ToName(), BuildProgress.Derive(jobs, canceled: false));
    }

    [Theory]
    [InlineData("Failed")]
    [InlineData("Lost")]
    [InlineData("TimedOut")]
    [InlineData("Broken")]
    [InlineData("Canceled")]
    public void Derive_HardFailure_Failed(string failed)
        => Assert.Equal(BuildState.Failed.ToName(), Derive(false, JobState.Passed, Enum.Parse<JobState>(failed)));

    [Fact]
    public void Derive_CanceledWithJobOnAgent_Canceling()
    {
        Assert.Equal(BuildState.Canceling.ToName(), Derive(true, JobState.Running, JobState.Canceled));
        Assert.Equal(BuildState.Canceling.ToName(), Derive(true, JobState.Assigned, JobState.Canceled));
    }

    [Fact]
    public void Derive_CanceledWithNothingOnAgent_Canceled()
        => Assert.Equal(BuildState.Canceled.ToName(), Derive(true, JobState.Passed, JobState.Canceled, JobState.Failed));

    private static string Derive(bool canceled, params JobState[] states)
        => BuildProgress.Derive([.. states.Select((s, i) => Job($"j{i}", s))], canceled);

    private static JobSnapshot Job(string id, JobState state, params string[] dependsOn)
        => new(id, state, dependsOn, ContinueOnFailure: false, SoftFailed: false);
}
