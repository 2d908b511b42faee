using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Client;

/// <summary>Typed client for the agent API (<c>/api/agent/v1</c>).</summary>
/// <remarks>
/// Thread-safe once registered: several workers of one process share one instance per agent.
/// The <see cref="HttpClient"/> must have a timeout longer than the coordinator's job-poll timeout.
/// </remarks>
public sealed class AgentApiClient
{
    private const string Prefix = "api/agent/v1/";
    private readonly HttpClient _http;
    private string? _accessToken;

    /// <summary>Creates a client over <paramref name="http"/>, whose <see cref="HttpClient.BaseAddress"/> is the coordinator URL.</summary>
    public AgentApiClient(HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(http);
        _http = http;
    }

    /// <summary>The agent's id after <see cref="RegisterAsync"/>.</summary>
    public string? AgentId { get; private set; }

    /// <summary>Registers with the registration token and keeps the returned access token for later calls.</summary>
    public async Task<RegisterAgentResponse> RegisterAsync(string registrationToken, RegisterAgentRequest request, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, Prefix + "register")
        {
            Content = JsonContent.Create(request, ProtocolJsonContext.Default.RegisterAgentRequest),
        };
        message.Headers.Authorization = new AuthenticationHeaderValue("Token", registrationToken);
        using var response = await _http.SendAsync(message, cancellationToken);
        var registered = await response.ReadAsync(ProtocolJsonContext.Default.RegisterAgentResponse, cancellationToken);
        _accessToken = registered.AccessToken;
        AgentId = registered.AgentId;
        return registered;
    }

    /// <summary>Long-polls for the next job; answers as soon as one is assigned to this agent, or "none" after the poll timeout.</summary>
    public async Task<NextJobResponse> NextJobAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "jobs/next", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.NextJobResponse, cancellationToken);
    }

    /// <summary>Marks the job running. Returns false when the job was canceled before it started.</summary>
    public async Task<bool> StartJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(jobId)}/start", null, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Conflict)
        {
            return false;
        }
        await response.EnsureOkAsync(cancellationToken);
        return true;
    }

    /// <summary>Appends one log chunk. Idempotent: a chunk whose <paramref name="sequence"/> was stored already is ignored.</summary>
    public async Task<LogAppendResponse> AppendLogAsync(string jobId, long sequence, long offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"jobs/{Uri.EscapeDataString(jobId)}/log?sequence={sequence}&offset={offset}");
        var content = new ReadOnlyMemoryContent(data);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, path, content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.LogAppendResponse, cancellationToken);
    }

    /// <summary>Reports the job's exit status. Idempotent for the same agent.</summary>
    public async Task FinishJobAsync(string jobId, FinishJobRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, ProtocolJsonContext.Default.FinishJobRequest);
        using var response = await SendAsync(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(jobId)}/finish", content, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>Tells the coordinator the agent is alive; the answer says whether to keep going and which jobs to cancel.</summary>
    public async Task<HeartbeatResponse> HeartbeatAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "heartbeat", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.HeartbeatResponse, cancellationToken);
    }

    /// <summary>Says goodbye; the access token stops working.</summary>
    public async Task DisconnectAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, "disconnect", null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        var token = _accessToken ?? throw new InvalidOperationException("Register the agent first.");
        using var message = new HttpRequestMessage(method, Prefix + path) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await _http.SendAsync(message, cancellationToken);
    }
}
