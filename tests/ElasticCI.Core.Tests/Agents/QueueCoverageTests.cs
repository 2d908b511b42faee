using ElasticCI.Agents;
using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Pipelines;
using ElasticCI.Storage;

namespace ElasticCI.Core.Tests.Agents;

public sealed class QueueCoverageTests
{
    [Fact]
    public void WaitingOn_OnlyWaitingCommandJobsOfUnservedQueues_GroupedAndOrderedByQueue()
    {
        JobRecord[] jobs =
        [
            Job("j1", "zeta", JobState.Scheduled),
            Job("j2", "served", JobState.Scheduled),
            Job("j3", "alpha", JobState.Pending),
            Job("j4", "zeta", JobState.Pending),
            Job("j5", "zeta", JobState.Running),
            Job("j6", "zeta", JobState.Failed) with { RetriedBy = "j7" },
            Job("j7", "zeta", JobState.Passed),
            Job("j8", "", JobState.Pending) with { Kind = JobKind.Block },
            Job("j9", "alpha", JobState.Scheduled) with { RetriedBy = "j10" },
        ];

        var unserved = QueueCoverage.WaitingOn(jobs, q => q == "served");

        Assert.Equal(["alpha", "zeta"], unserved.Select(u => u.Queue));
        Assert.Equal(["j3"], unserved[0].JobIds);
        Assert.Equal(["j1", "j4"], unserved[1].JobIds);
    }

    [Fact]
    public void WaitingOn_EveryQueueServed_Empty()
        => Assert.Empty(QueueCoverage.WaitingOn([Job("j1", "a", JobState.Scheduled), Job("j2", "b", JobState.Pending)], _ => true));

    [Fact]
    public void Unserved_QueuesWithWaitingJobsNoAgentAndNoStack_OnlyThose()
    {
        QueueMetrics[] queues =
        [
            new("nowhere", 1, 0, 2, 0, 0, 0),
            new("with-agent", 3, 0, 0, 0, 1, 1),
            new("stacked", 4, 0, 0, 0, 0, 0),
            new("idle-only", 0, 0, 0, 1, 0, 1),
            new("drained", 0, 1, 0, 0, 0, 0),
            new("", 0, 0, 5, 0, 0, 0),
        ];

        var unserved = QueueCoverage.Unserved(queues, q => q == "stacked");

        Assert.Equal(["nowhere"], unserved.Select(q => q.Queue));
    }

    [Fact]
    public void Describe_OneOrMany_NamesTheQueueAndTheWayOut()
    {
        Assert.Equal("1 job targets queue 'gpu', which no stack and no connected agent serves: it waits until an agent with the tag queue=gpu connects or a stack with Queue: gpu is applied",
            QueueCoverage.Describe("gpu", 1));
        Assert.StartsWith("3 jobs target queue 'gpu', which no stack and no connected agent serves: they wait", QueueCoverage.Describe("gpu", 3), StringComparison.Ordinal);
    }

    private static JobRecord Job(string id, string queue, JobState state) => new(
        id, "b1", 0, null, id, "true", new Dictionary<string, string>(), new Dictionary<string, string>(), queue, [], false, null, null, null,
        SoftFail.Never, state, null, false, null, null, null, null, 0, DateTimeOffset.UnixEpoch, null, null, null, null);
}
