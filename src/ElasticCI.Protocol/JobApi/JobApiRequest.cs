namespace ElasticCI.Protocol.JobApi;

/// <summary>
/// One request to the agent's local job API (a Unix socket per job, <c>BUILDKITE_AGENT_JOB_API_SOCKET</c>), sent as one
/// JSON line; the answer is one <see cref="JobApiResponse"/> line.
/// </summary>
/// <param name="Token">The job's API secret from <c>BUILDKITE_AGENT_JOB_API_TOKEN</c>.</param>
/// <param name="Action"><c>get</c>, <c>set</c> or <c>unset</c> (see <see cref="JobApiActions"/>).</param>
/// <param name="Names">For <c>get</c>: the variables wanted (empty = all); for <c>unset</c>: the variables to remove.</param>
/// <param name="Values">For <c>set</c>: the variables to add or change.</param>
public sealed record JobApiRequest(
    string Token,
    string Action,
    IReadOnlyList<string>? Names,
    IReadOnlyDictionary<string, string>? Values);
