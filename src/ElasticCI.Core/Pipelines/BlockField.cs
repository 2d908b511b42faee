namespace ElasticCI.Pipelines;

/// <summary>One field of a block/input form: <c>text</c> (with optional <c>format</c>) or <c>select</c> (with options).</summary>
/// <param name="IsSelect">True for <c>select</c>, false for <c>text</c>.</param>
/// <param name="Key">Meta-data key the value is stored under.</param>
/// <param name="Label">The <c>text:</c>/<c>select:</c> value.</param>
/// <param name="Required">Default true, as in Buildkite.</param>
/// <param name="Default">Default value(s); several only for a multiple select.</param>
internal sealed record BlockField(
    bool IsSelect,
    string Key,
    string Label,
    string? Hint,
    bool Required,
    IReadOnlyList<string> Default,
    string? Format,
    bool Multiple,
    IReadOnlyList<SelectOption> Options);
