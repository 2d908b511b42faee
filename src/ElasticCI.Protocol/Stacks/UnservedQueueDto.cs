namespace ElasticCI.Protocol.Stacks;

/// <summary>A queue with waiting jobs that no stack and no connected agent serves (<c>stack status</c> warns about it).</summary>
/// <param name="Queue">The queue the jobs target.</param>
/// <param name="Scheduled">Jobs ready to run, waiting for an agent.</param>
/// <param name="Waiting">Jobs still behind a dependency, wait or block.</param>
/// <param name="Message">The warning, one line.</param>
public sealed record UnservedQueueDto(string Queue, int Scheduled, int Waiting, string Message);
