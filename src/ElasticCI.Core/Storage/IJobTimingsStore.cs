namespace ElasticCI.Storage;

/// <summary>Phase times of a job, joined from the job, its agent, the agent's instance and the scaling events.</summary>
internal interface IJobTimingsStore
{
    /// <summary>Null when there is no such job.</summary>
    Task<JobPhaseTimes?> GetJobPhaseTimesAsync(string jobId, CancellationToken cancellationToken);
}
