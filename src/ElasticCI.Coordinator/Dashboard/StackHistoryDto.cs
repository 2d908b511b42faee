namespace ElasticCI.Coordinator.Dashboard;

/// <summary>The stack chart's data: per stack, samples (one a minute, then the latest) of jobs and instances.</summary>
internal sealed record StackHistoryDto(IReadOnlyList<StackHistorySeriesDto> Stacks);
