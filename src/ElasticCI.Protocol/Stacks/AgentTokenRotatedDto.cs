namespace ElasticCI.Protocol.Stacks;

/// <summary>Answer to rotating the agent registration token: where the new token was written (the token itself never travels over HTTP).</summary>
/// <param name="File">The coordinator's <c>agent-token</c> file now holding the new token; the old token no longer registers agents.</param>
public sealed record AgentTokenRotatedDto(string File);
