using System.Globalization;
using ElasticCI.Jobs;
using ElasticCI.Storage;

namespace ElasticCI.Agents;

/// <summary>
/// Which waiting jobs target a queue nothing serves: no stack runs that queue and no connected agent carries its
/// <c>queue</c> tag. Such jobs would wait forever without a word (issue 13), so the build and <c>stack status</c> say so.
/// Decided at read time from the stacks and the connected agents, so the warning clears the moment an agent for the
/// queue connects or a stack for it is applied.
/// </summary>
internal static class QueueCoverage
{
    /// <summary>Kind of the build warning for jobs on an unserved queue.</summary>
    public const string UnservedQueueKind = "unserved_queue";

    /// <summary>
    /// The queues of <paramref name="jobs"/>' waiting command jobs (pending or scheduled, not replaced by a retry) that
    /// <paramref name="served"/> says nothing serves, ordered by queue. Block, input and trigger jobs need no agent.
    /// </summary>
    public static IReadOnlyList<UnservedQueue> WaitingOn(IEnumerable<JobRecord> jobs, Func<string, bool> served)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(served);
        return jobs
            .Where(j => j.Kind == Builds.JobKind.Command && j.RetriedBy is null && j.State is JobState.Pending or JobState.Scheduled)
            .GroupBy(j => j.Queue, StringComparer.Ordinal)
            .Where(g => !served(g.Key))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UnservedQueue(g.Key, [.. g.Select(j => j.Id)]))
            .ToList();
    }

    /// <summary>Queues with waiting jobs (scheduled or behind a dependency), no connected agent, and no stack (<paramref name="stackServes"/>).</summary>
    public static IReadOnlyList<QueueMetrics> Unserved(IEnumerable<QueueMetrics> queues, Func<string, bool> stackServes)
    {
        ArgumentNullException.ThrowIfNull(queues);
        ArgumentNullException.ThrowIfNull(stackServes);
        // Queue "" holds the block, input and trigger jobs (PlannedJob.Queue), which no agent runs.
        return [.. queues
            .Where(q => q.Queue.Length > 0 && q.Scheduled + q.Waiting > 0 && q.TotalAgents == 0 && !stackServes(q.Queue))
            .OrderBy(q => q.Queue, StringComparer.Ordinal)];
    }

    /// <summary>The one-line warning for <paramref name="jobs"/> waiting jobs on <paramref name="queue"/>.</summary>
    public static string Describe(string queue, int jobs)
        => string.Create(CultureInfo.InvariantCulture,
            $"{jobs} {(jobs == 1 ? "job targets" : "jobs target")} queue '{queue}', which no stack and no connected agent serves: "
            + $"{(jobs == 1 ? "it waits" : "they wait")} until an agent with the tag queue={queue} connects or a stack with Queue: {queue} is applied");
}
