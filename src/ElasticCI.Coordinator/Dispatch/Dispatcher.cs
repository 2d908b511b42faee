using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Agents;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Dispatch;

/// <summary>
/// Turns "agent X asks for work" into an assignment in one place: the claim (Core's choice, the store's compare-and-set),
/// the job's own token, and the job's environment. The long-poll handler calls it once per look.
/// </summary>
internal sealed class Dispatcher(IJobStore jobs, IJobDataStore jobData, IPipelineStore pipelines, CoordinatorAddress address, TimeProvider time)
{
    /// <summary>The job the agent gets now, or null when there is none it may take (or it lost a race for one).</summary>
    public async Task<JobAssignment?> TryAssignAsync(string agentId, CancellationToken cancellationToken)
    {
        // The claim itself checks that the agent is idle.
        var claim = await jobs.TryClaimAsync(agentId, time.GetUtcNow(), cancellationToken);
        if (claim is null)
        {
            return null;
        }
        // From here on the job is this agent's: finishing the hand-over must not be cut short by the poll ending.
        return await HandOverAsync(claim.Build, claim.Job);
    }

    /// <summary>
    /// The job assigned to <paramref name="agent"/> that it never started, handed over again: the answer to its earlier
    /// poll was lost (the replica died after the claim), and a worker only asks for work when it runs none. Null when
    /// the agent has no such job. The new job token replaces the one that never arrived.
    /// </summary>
    public async Task<JobAssignment?> TryRedeliverAsync(AgentRecord agent, IBuildStore builds, CancellationToken cancellationToken)
    {
        if (agent.State != AgentState.Busy.ToName() || agent.JobId is not { } jobId
            || await jobs.GetJobAsync(jobId, cancellationToken) is not { State: Jobs.JobState.Assigned } job || job.AgentId != agent.Id
            || await builds.GetBuildAsync(job.BuildId, cancellationToken) is not { } build)
        {
            return null;
        }
        return await HandOverAsync(build, job);
    }

    private async Task<JobAssignment> HandOverAsync(BuildRecord build, JobRecord job)
    {
        // The job's own token: it dies with the job, and it is the only credential a job ever holds.
        var jobToken = AccessTokens.Create();
        // BUILDKITE_PIPELINE_DEFAULT_BRANCH comes from the stored definition; a pipeline without one has none. Read while
        // the token is written: the agent waits for both.
        var issued = jobData.IssueJobTokenAsync(job.Id, AccessTokens.Hash(jobToken), CancellationToken.None);
        var definition = pipelines.GetPipelineAsync(build.PipelineSlug, CancellationToken.None);
        await Task.WhenAll(issued, definition);
        var stored = await definition;
        var endpoint = await address.Url;
        var env = JobEnvironment.Build(build, job, jobToken, endpoint, stored?.DefaultBranch);
        return new JobAssignment(job.Id, job.Label, job.Command, env, build.PipelineSlug, job.TimeoutInMinutes);
    }
}
