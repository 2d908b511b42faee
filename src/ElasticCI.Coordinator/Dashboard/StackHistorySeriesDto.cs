namespace ElasticCI.Coordinator.Dashboard;

/// <summary>One stack's samples; the arrays are parallel, one entry per sample.</summary>
internal sealed record StackHistorySeriesDto(
    string Stack, IReadOnlyList<DateTimeOffset> At, IReadOnlyList<int> Scheduled, IReadOnlyList<int> Running, IReadOnlyList<int> Desired, IReadOnlyList<int> RunningInstances);
