namespace ElasticCI.Storage;

/// <summary>What <c>buildkite-agent step update</c> and <c>step cancel</c> change: every current job of one step of a build.</summary>
internal interface IStepStore
{
    /// <summary>Sets the label of the step's jobs; how many jobs changed (0: no such step in the build).</summary>
    Task<int> UpdateStepLabelAsync(string buildId, string stepKey, string label, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the step's unfinished jobs (those on an agent are told to stop) and moves the build on; how many of the
    /// step's jobs there are (0: no such step in the build).
    /// </summary>
    Task<int> CancelStepAsync(string buildId, string stepKey, DateTimeOffset now, CancellationToken cancellationToken);
}
