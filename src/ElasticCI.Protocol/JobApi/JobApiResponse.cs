namespace ElasticCI.Protocol.JobApi;

/// <summary>Answer of the agent's local job API to one <see cref="JobApiRequest"/>.</summary>
/// <param name="Env">
/// The job's environment as later phases will see it (for <c>get</c>: only the names asked for that exist; for
/// <c>set</c>/<c>unset</c>: the variables that changed, removed ones absent). Null when the request was refused.
/// </param>
/// <param name="Errors">Why the request was refused, every reason; empty on success.</param>
public sealed record JobApiResponse(IReadOnlyDictionary<string, string>? Env, IReadOnlyList<string> Errors);
