using ElasticCI.Protocol.Agents;

namespace ElasticCI.Agent.Api;

/// <summary>Everything one worker says to the coordinator; one instance per registered agent.</summary>
internal interface IAgentApi : IJobApi
{
    Task<RegisterAgentResponse> RegisterAsync(string registrationToken, RegisterAgentRequest request, CancellationToken cancellationToken);

    Task<NextJobResponse> NextJobAsync(CancellationToken cancellationToken);

    Task<HeartbeatResponse> HeartbeatAsync(CancellationToken cancellationToken);

    Task DisconnectAsync(CancellationToken cancellationToken);
}
