namespace ElasticCI.Coordinator.Dashboard;

/// <summary>One field of an unblock form: text when <see cref="Options"/> is empty, else a select.</summary>
internal sealed record BlockFieldDto(string Key, string Label, string? Hint, bool Required, string? Default, IReadOnlyList<string> Options);
