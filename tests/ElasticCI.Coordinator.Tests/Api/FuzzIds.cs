namespace ElasticCI.Coordinator.Tests.Api;

/// <summary>Real ids and tokens the fuzzer mixes into its requests, so mutations reach past 401 and 404.</summary>
internal sealed record FuzzIds(
    string BuildId, string JobId, string BlockJobId, string AgentId, string ApiToken, string AgentToken, string JobToken, string RegistrationToken);
