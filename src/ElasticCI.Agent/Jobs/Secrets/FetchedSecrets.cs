using ElasticCI.Protocol.Secrets;

namespace ElasticCI.Agent.Jobs.Secrets;

/// <summary>
/// What the coordinator's secrets broker answered for one job: its bundle, nothing (secrets off, or not a brokered
/// job), or why the store could not be read. The reason never carries a secret value.
/// </summary>
internal sealed record FetchedSecrets(JobSecretsDto? Bundle, string? Unreachable)
{
    public static FetchedSecrets None { get; } = new(null, null);
}
