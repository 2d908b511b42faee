using ElasticCI.Client;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Agent.Api;

/// <summary><see cref="IAgentApi"/> over the real HTTP client; one per worker because the client keeps that agent's access token.</summary>
internal sealed class ClientAgentApi(AgentApiClient client) : IAgentApi
{
    public Task<RegisterAgentResponse> RegisterAsync(string registrationToken, RegisterAgentRequest request, CancellationToken cancellationToken)
        => client.RegisterAsync(registrationToken, request, cancellationToken);

    public Task<NextJobResponse> NextJobAsync(CancellationToken cancellationToken) => client.NextJobAsync(cancellationToken);

    public Task<HeartbeatResponse> HeartbeatAsync(CancellationToken cancellationToken) => client.HeartbeatAsync(cancellationToken);

    public Task DisconnectAsync(CancellationToken cancellationToken) => client.DisconnectAsync(cancellationToken);

    public Task<bool> StartJobAsync(string jobId, CancellationToken cancellationToken) => client.StartJobAsync(jobId, cancellationToken);

    public Task<LogAppendResponse> AppendLogAsync(string jobId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        => client.AppendLogAsync(jobId, sequence, offset, data, cancellationToken);

    public Task FinishJobAsync(string jobId, FinishJobRequest request, CancellationToken cancellationToken)
        => client.FinishJobAsync(jobId, request, cancellationToken);
}
