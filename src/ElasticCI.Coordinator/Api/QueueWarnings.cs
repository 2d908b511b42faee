using ElasticCI.Agents;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// The read-time warnings about queues nothing serves (<see cref="QueueCoverage"/>), over the live stacks and the agents
/// connected right now. One instance per read: the connected agents are read at most once, and only when a waiting job
/// targets a queue no stack serves (most builds target a stack's queue, so most reads cost nothing extra).
/// </summary>
internal sealed class QueueWarnings(StackRegistry stacks, IMetricsStore metrics)
{
    private HashSet<string>? _agentQueues;

    /// <summary>The build as the API returns it, with its <c>warnings</c>.</summary>
    public async Task<BuildDto> ToDtoAsync(BuildRecord build, CancellationToken cancellationToken)
    {
        var dto = build.ToDto();
        if (QueueCoverage.WaitingOn(build.Jobs, StackServes).Count == 0)
        {
            return dto;
        }
        var agentQueues = await AgentQueuesAsync(cancellationToken);
        var unserved = QueueCoverage.WaitingOn(build.Jobs, q => StackServes(q) || agentQueues.Contains(q));
        return dto with
        {
            Warnings = [.. unserved.Select(u => new BuildWarningDto(QueueCoverage.UnservedQueueKind, QueueCoverage.Describe(u.Queue, u.JobIds.Count), u.Queue, u.JobIds))],
        };
    }

    /// <summary>Every queue with waiting jobs that no stack and no connected agent serves, for <c>stack status</c>.</summary>
    public async Task<IReadOnlyList<UnservedQueueDto>> UnservedQueuesAsync(CancellationToken cancellationToken)
        => [.. QueueCoverage.Unserved(await metrics.GetQueueMetricsAsync(cancellationToken), StackServes)
            .Select(q => new UnservedQueueDto(q.Queue, q.Scheduled, q.Waiting, QueueCoverage.Describe(q.Queue, q.Scheduled + q.Waiting)))];

    // A stack being removed drains and takes no new jobs, so it serves nothing.
    private bool StackServes(string queue) => stacks.All.Any(s => !s.Removed && s.Definition.Queue == queue);

    private async Task<HashSet<string>> AgentQueuesAsync(CancellationToken cancellationToken)
        => _agentQueues ??= (await metrics.GetQueueMetricsAsync(cancellationToken)).Where(q => q.TotalAgents > 0).Select(q => q.Queue).ToHashSet(StringComparer.Ordinal);
}
