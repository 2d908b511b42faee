namespace ElasticCI.Protocol.Jobs;

/// <summary>Body of <c>POST /api/agent/v1/job/meta-data</c>: sets one build meta-data key.</summary>
/// <param name="Key">The key (1–255 characters, no control characters).</param>
/// <param name="Value">The value (at most 100 KiB).</param>
public sealed record MetaDataSetRequest(string Key, string Value);
