namespace ElasticCI.Lifecycle;

/// <summary>What canceling one job does (<see cref="CancelDecision"/>).</summary>
internal enum CancelAction
{
    /// <summary>The job has finished: nothing changes.</summary>
    None,

    /// <summary>The job is on an agent: the agent is told to stop it (<c>cancel_reason</c>), and reports it canceled.</summary>
    AskTheAgent,

    /// <summary>No agent holds the job: it is canceled now.</summary>
    CancelNow,
}
