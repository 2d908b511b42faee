using ElasticCI.Builds;
using ElasticCI.Jobs;

namespace ElasticCI.Lifecycle;

public sealed class BuildTallyTests
{
    [Fact]
    public void Derive_TallyAndJobList_AgreeOnEveryMixOfStates()
    {
        var states = Enum.GetValues<JobState>();
        foreach (var first in states)
        {
            foreach (var second in states)
            {
                foreach (var canceled in new[] { false, true })
                {
                    JobSnapshot[] jobs = [Job("a", first), Job("b", second, soft: true)];
                    Assert.Equal(BuildProgress.Derive(jobs, canceled), BuildProgress.Derive(BuildTally.Of(jobs), canceled));
                }
            }
        }
    }

    [Fact]
    public void Derive_OnlyRetriesWaiting_RunningNotScheduled()
    {
        var tally = BuildTally.Count([(JobState.Pending, false, false, 1), (JobState.Failed, false, true, 1)]);

        Assert.Equal(BuildState.Running.ToName(), BuildProgress.Derive(tally, canceled: false));
    }

    [Fact]
    public void DecidePending_DependencyFailed_Broken()
    {
        var job = Job("b", JobState.Pending) with { DependsOn = ["a"] };

        Assert.Equal(JobState.Broken, BuildProgress.DecidePending(job, new Dictionary<string, JobSnapshot>(StringComparer.Ordinal) { ["a"] = Job("a", JobState.Failed) }));
        Assert.Equal(JobState.Scheduled, BuildProgress.DecidePending(job, new Dictionary<string, JobSnapshot>(StringComparer.Ordinal) { ["a"] = Job("a", JobState.Passed) }));
        Assert.Null(BuildProgress.DecidePending(job, new Dictionary<string, JobSnapshot>(StringComparer.Ordinal) { ["a"] = Job("a", JobState.Running) }));
    }

    private static JobSnapshot Job(string id, JobState state, bool soft = false) => new(id, state, [], false, soft);
}
