namespace ElasticCI.Pipelines;

/// <summary>A <c>block</c> (a manual gate that also acts as a wait) or an <c>input</c> (only its dependants wait for it).</summary>
/// <param name="IsInput">True for <c>input</c>.</param>
/// <param name="Prompt">Text shown in the unblock dialog.</param>
/// <param name="Fields">Form fields whose values become build meta-data.</param>
/// <param name="BlockedState">What the build shows while blocked (block only; input is always <see cref="BlockedState.Passed"/>).</param>
internal sealed record BlockStep(
    int Line,
    int Column,
    bool IsInput,
    string? Prompt,
    IReadOnlyList<BlockField> Fields,
    BlockedState BlockedState) : PipelineStep(Line, Column);
