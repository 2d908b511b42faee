namespace ElasticCI.Protocol.Stacks;

/// <summary>What applying a configuration changed.</summary>
/// <param name="Added">Stacks that were added (their scaler started).</param>
/// <param name="Changed">Stacks whose settings changed (sizing at the next tick; instance settings by rolling update).</param>
/// <param name="Removed">Stacks that were removed (their instances drain, then their scaler stops).</param>
/// <param name="Unchanged">Stacks with identical settings.</param>
/// <param name="MaxInstances">The global instance budget now in force; null for none.</param>
/// <param name="Details">One line per change, as recorded in the scaling events.</param>
public sealed record StackApplyResultDto(
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Changed,
    IReadOnlyList<string> Removed,
    IReadOnlyList<string> Unchanged,
    int? MaxInstances,
    IReadOnlyList<string> Details);
