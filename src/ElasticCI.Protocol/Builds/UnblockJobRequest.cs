namespace ElasticCI.Protocol.Builds;

/// <summary>Body of <c>POST /api/v1/jobs/{id}/unblock</c>.</summary>
/// <param name="Fields">Values of the step's fields by key; stored as build meta-data. A multiple select takes its values one per line.</param>
public sealed record UnblockJobRequest(IReadOnlyDictionary<string, string>? Fields);
