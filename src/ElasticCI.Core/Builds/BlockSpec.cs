using ElasticCI.Pipelines;

namespace ElasticCI.Builds;

/// <summary>What a block or input job shows and collects when a person unblocks it.</summary>
internal sealed record BlockSpec(string? Prompt, IReadOnlyList<BlockField> Fields, BlockedState BlockedState);
