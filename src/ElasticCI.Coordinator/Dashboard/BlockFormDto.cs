namespace ElasticCI.Coordinator.Dashboard;

/// <summary>A block or input step's prompt and fields, for the dashboard's unblock form.</summary>
internal sealed record BlockFormDto(string? Prompt, IReadOnlyList<BlockFieldDto> Fields);
