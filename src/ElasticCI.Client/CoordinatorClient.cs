using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Pipelines;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Client;

/// <summary>Typed client for the user API (<c>/api/v1</c>), used by the CLI and tests.</summary>
/// <remarks>Thread-safe. Every call sends the API token as a bearer token.</remarks>
public sealed partial class CoordinatorClient
{
    private const string Prefix = "api/v1/";
    private readonly HttpClient _http;
    private readonly string _token;

    /// <summary>Creates a client over <paramref name="http"/> (base address = coordinator URL) with the user API token.</summary>
    public CoordinatorClient(HttpClient http, string token)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _http = http;
        _token = token;
    }

    /// <summary>Creates a build from pipeline YAML. Throws <see cref="CoordinatorException"/> listing every problem when the pipeline is invalid.</summary>
    public async Task<BuildDto> CreateBuildAsync(CreateBuildRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, ProtocolJsonContext.Default.CreateBuildRequest);
        using var response = await SendAsync(HttpMethod.Post, "builds", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.BuildDto, cancellationToken);
    }

    /// <summary>Gets a build with its jobs.</summary>
    public async Task<BuildDto> GetBuildAsync(string buildId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"builds/{Uri.EscapeDataString(buildId)}", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.BuildDto, cancellationToken);
    }

    /// <summary>Lists builds, newest first, optionally of one pipeline.</summary>
    public async Task<BuildListDto> ListBuildsAsync(string? pipeline, int limit, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"builds?limit={limit}");
        if (pipeline is not null)
        {
            query += "&pipeline=" + Uri.EscapeDataString(pipeline);
        }
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.BuildListDto, cancellationToken);
    }

    /// <summary>Cancels a build: jobs not started are canceled at once, running jobs are stopped by their agents.</summary>
    public async Task<BuildDto> CancelBuildAsync(string buildId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"builds/{Uri.EscapeDataString(buildId)}/cancel", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.BuildDto, cancellationToken);
    }

    /// <summary>Delivers a spot interruption notice to an instance (<paramref name="notice"/>: <c>120s</c>, <c>2m</c>, seconds, or null for 120 s).</summary>
    public async Task<InstanceInterruptionDto> InterruptInstanceAsync(string instanceId, string? notice, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(new InterruptInstanceRequest(notice), ProtocolJsonContext.Default.InterruptInstanceRequest);
        using var response = await SendAsync(HttpMethod.Post, $"stacks/instances/{Uri.EscapeDataString(instanceId)}/interrupt", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.InstanceInterruptionDto, cancellationToken);
    }

    /// <summary>Retries a finished job; returns the new job. Refused (409) when the step forbids it or the job has not finished.</summary>
    public async Task<JobDto> RetryJobAsync(string jobId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(jobId)}/retry", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.JobDto, cancellationToken);
    }

    /// <summary>Unblocks a block/input job with its field values (stored as build meta-data); returns the job, now passed.</summary>
    public async Task<JobDto> UnblockJobAsync(string jobId, IReadOnlyDictionary<string, string> fields, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(new UnblockJobRequest(fields), ProtocolJsonContext.Default.UnblockJobRequest);
        using var response = await SendAsync(HttpMethod.Post, $"jobs/{Uri.EscapeDataString(jobId)}/unblock", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.JobDto, cancellationToken);
    }

    /// <summary>Creates a new build of the same pipeline, YAML, branch, commit, message, environment and repository as a build.</summary>
    public async Task<BuildDto> RebuildAsync(string buildId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Post, $"builds/{Uri.EscapeDataString(buildId)}/rebuild", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.BuildDto, cancellationToken);
    }

    /// <summary>Reads a job's log from <paramref name="offset"/>; returns the bytes (possibly none yet).</summary>
    public async Task<byte[]> ReadJobLogAsync(string jobId, long offset, CancellationToken cancellationToken)
    {
        var path = string.Create(CultureInfo.InvariantCulture, $"jobs/{Uri.EscapeDataString(jobId)}/log?offset={offset}");
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>Creates or replaces a stored pipeline definition. Throws <see cref="CoordinatorException"/> listing every problem when it is invalid.</summary>
    public async Task<PipelineDto> PutPipelineAsync(string slug, PutPipelineRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, ProtocolJsonContext.Default.PutPipelineRequest);
        using var response = await SendAsync(HttpMethod.Put, "pipelines/" + Uri.EscapeDataString(slug), content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.PipelineDto, cancellationToken);
    }

    /// <summary>A stored pipeline definition; throws <see cref="CoordinatorException"/> (404) when there is none.</summary>
    public async Task<PipelineDto> GetPipelineAsync(string slug, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "pipelines/" + Uri.EscapeDataString(slug), null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.PipelineDto, cancellationToken);
    }

    /// <summary>Every stored pipeline definition, ordered by slug.</summary>
    public async Task<PipelineListDto> ListPipelinesAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "pipelines", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.PipelineListDto, cancellationToken);
    }

    /// <summary>Deletes a stored pipeline definition (its builds stay); throws <see cref="CoordinatorException"/> (404) when there is none.</summary>
    public async Task DeletePipelineAsync(string slug, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, "pipelines/" + Uri.EscapeDataString(slug), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>Gets every stack with its instances, agents and recent scaling events.</summary>
    public async Task<StackListDto> GetStacksAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "stacks", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.StackListDto, cancellationToken);
    }

    /// <summary>
    /// Applies a new <c>elastic-ci.yml</c> to the running coordinator. Throws <see cref="CoordinatorException"/> (400) listing
    /// every problem when the file is invalid; then nothing was changed.
    /// </summary>
    public async Task<StackApplyResultDto> ApplyStackConfigAsync(ApplyStackConfigRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, StackConfigJsonContext.Default.ApplyStackConfigRequest);
        using var response = await SendAsync(HttpMethod.Post, "stacks/apply", content, cancellationToken);
        return await response.ReadAsync(StackConfigJsonContext.Default.StackApplyResultDto, cancellationToken);
    }

    /// <summary>Gets which coordinator replica answered and which one leads the cluster (<c>GET /api/v1/cluster</c>).</summary>
    public async Task<Protocol.Cluster.ClusterDto> GetClusterAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "cluster", null, cancellationToken);
        return await response.ReadAsync(Protocol.Cluster.ClusterJsonContext.Default.ClusterDto, cancellationToken);
    }

    /// <summary>
    /// Rotates the agent registration token: the coordinator writes a new one to its <c>agent-token</c> file and refuses
    /// the old one from then on (agents already registered keep working). Needs the user API token.
    /// </summary>
    public Task<AgentTokenRotatedDto> RotateAgentTokenAsync(CancellationToken cancellationToken) => RotateAgentTokenAsync(null, cancellationToken);

    /// <summary>
    /// Rotates the named registration token <paramref name="name"/> (one of <c>agentTokens:</c> in the coordinator's
    /// <c>elastic-ci.yml</c>, written to <c>agent-tokens/NAME</c>), or the unnamed <c>agent-token</c> when it is null.
    /// </summary>
    public async Task<AgentTokenRotatedDto> RotateAgentTokenAsync(string? name, CancellationToken cancellationToken)
    {
        var path = name is null ? "tokens/agent/rotate" : "tokens/agent/rotate?name=" + Uri.EscapeDataString(name);
        using var response = await SendAsync(HttpMethod.Post, path, null, cancellationToken);
        return await response.ReadAsync(StackConfigJsonContext.Default.AgentTokenRotatedDto, cancellationToken);
    }

    /// <summary>Gets a job's phase times: scheduled, scale-out decided, instance launched, agent registered, assigned, started, finished.</summary>
    public async Task<Protocol.Jobs.JobTimingsDto> GetJobTimingsAsync(string jobId, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, $"jobs/{Uri.EscapeDataString(jobId)}/timings", null, cancellationToken);
        return await response.ReadAsync(StackConfigJsonContext.Default.JobTimingsDto, cancellationToken);
    }

    /// <summary>Gets up to <paramref name="limit"/> scaling events, newest first, of <paramref name="stack"/> or of every stack when null.</summary>
    public async Task<StackActivityDto> GetStackActivityAsync(string? stack, int limit, CancellationToken cancellationToken)
    {
        var query = string.Create(CultureInfo.InvariantCulture, $"stacks/activity?limit={limit}");
        if (stack is not null)
        {
            query += "&stack=" + Uri.EscapeDataString(stack);
        }
        using var response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.StackActivityDto, cancellationToken);
    }

    /// <summary>Creates or replaces a secret; with <paramref name="pipeline"/>, the key is <c>PIPELINE/KEY</c>. Refused (400) for a bad key or a value over 1 MiB.</summary>
    public async Task PutSecretAsync(string key, string? pipeline, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        var content = new ReadOnlyMemoryContent(value);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, SecretPath(key, pipeline), content, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>A secret's value; throws <see cref="CoordinatorException"/> (404) when there is none.</summary>
    public async Task<byte[]> GetSecretAsync(string key, string? pipeline, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, SecretPath(key, pipeline), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The secrets under <paramref name="prefix"/> (all when empty): keys, sizes and dates, never values.</summary>
    public async Task<SecretListDto> ListSecretsAsync(string? prefix, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrEmpty(prefix) ? "secrets" : "secrets?prefix=" + Uri.EscapeDataString(prefix);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.SecretListDto, cancellationToken);
    }

    /// <summary>The newest secrets audit entries (refused prefix overrides), oldest first, optionally of one pipeline.</summary>
    public async Task<SecretsAuditDto> ListSecretsAuditAsync(string? pipeline, int? limit, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (pipeline is not null)
        {
            query.Add("pipeline=" + Uri.EscapeDataString(pipeline));
        }
        if (limit is { } n)
        {
            query.Add("limit=" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        using var response = await SendAsync(HttpMethod.Get, "secrets-audit" + (query.Count == 0 ? "" : "?" + string.Join("&", query)), null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.SecretsAuditDto, cancellationToken);
    }

    /// <summary>Deletes a secret; throws <see cref="CoordinatorException"/> (404) when there is none.</summary>
    public async Task DeleteSecretAsync(string key, string? pipeline, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, SecretPath(key, pipeline), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    // The key travels as one escaped segment, so "a/../b" reaches the coordinator (and is refused) instead of being collapsed.
    private static string SecretPath(string key, string? pipeline)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = "secrets/" + Uri.EscapeDataString(key).Replace(".", "%2E", StringComparison.Ordinal);
        return pipeline is null ? path : path + "?pipeline=" + Uri.EscapeDataString(pipeline);
    }

    /// <summary>Opens the build's server-sent event stream (<c>GET builds/{id}/events</c>: one <c>build</c> event per change); the caller disposes it.</summary>
    public async Task<Stream> OpenBuildEventsAsync(string buildId, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, Prefix + $"builds/{Uri.EscapeDataString(buildId)}/events");
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        message.Headers.Accept.ParseAdd("text/event-stream");
        var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            await response.EnsureOkAsync(cancellationToken);
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, Prefix + path) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _token);
        return await _http.SendAsync(message, cancellationToken);
    }
}
