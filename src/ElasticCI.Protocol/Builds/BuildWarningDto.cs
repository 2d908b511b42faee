namespace ElasticCI.Protocol.Builds;

/// <summary>Something about a build its user should know that is not a job state, computed each time the build is read.</summary>
/// <param name="Kind">What it is about; <c>unserved_queue</c>: jobs wait on a queue that no stack and no connected agent serves.</param>
/// <param name="Message">The warning, one line, as the CLI and dashboard print it.</param>
/// <param name="Queue">The queue, for <c>unserved_queue</c>; null otherwise.</param>
/// <param name="JobIds">The jobs concerned, in build order.</param>
public sealed record BuildWarningDto(string Kind, string Message, string? Queue, IReadOnlyList<string> JobIds);
