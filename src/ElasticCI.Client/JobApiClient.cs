using System.Net.Http.Headers;
using System.Net.Http.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Protocol.Secrets;

namespace ElasticCI.Client;

/// <summary>
/// Typed client for the calls a running job makes (<c>/api/agent/v1/job</c>), authenticated with the job's own
/// token (<c>BUILDKITE_AGENT_ACCESS_TOKEN</c>), which stops working when the job finishes. Used by the in-job
/// <c>buildkite-agent</c> command. Thread-safe.
/// </summary>
public sealed class JobApiClient
{
    private const string Prefix = "api/agent/v1/job/";
    private readonly HttpClient _http;
    private readonly string _jobToken;

    /// <summary>Creates a client over <paramref name="http"/> (base address = coordinator URL) with the job's token.</summary>
    public JobApiClient(HttpClient http, string jobToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentException.ThrowIfNullOrWhiteSpace(jobToken);
        _http = http;
        _jobToken = jobToken;
    }

    /// <summary>Sets a build meta-data key.</summary>
    public async Task SetMetaDataAsync(string key, string value, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(new MetaDataSetRequest(key, value), ProtocolJsonContext.Default.MetaDataSetRequest);
        using var response = await SendAsync(HttpMethod.Post, "meta-data", content, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>All meta-data of the job's build.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetMetaDataAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "meta-data", null, cancellationToken);
        return (await response.ReadAsync(ProtocolJsonContext.Default.MetaDataDto, cancellationToken)).MetaData;
    }

    /// <summary>Creates, replaces or appends to an annotation of the job's build.</summary>
    public async Task AnnotateAsync(AnnotateRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, ProtocolJsonContext.Default.AnnotateRequest);
        using var response = await SendAsync(HttpMethod.Post, "annotations", content, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
    }

    /// <summary>Uploads one artifact under a relative <paramref name="path"/>.</summary>
    public async Task<ArtifactDto> UploadArtifactAsync(string path, Stream content, CancellationToken cancellationToken)
    {
        var body = new StreamContent(content);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Post, "artifacts?path=" + Uri.EscapeDataString(path), body, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.ArtifactDto, cancellationToken);
    }

    /// <summary>The artifacts of the job's build.</summary>
    public async Task<IReadOnlyList<ArtifactDto>> ListArtifactsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "artifacts", null, cancellationToken);
        return (await response.ReadAsync(ProtocolJsonContext.Default.ArtifactListDto, cancellationToken)).Artifacts;
    }

    /// <summary>Copies an artifact's content into <paramref name="destination"/>.</summary>
    public async Task DownloadArtifactAsync(string artifactId, Stream destination, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "artifacts/" + Uri.EscapeDataString(artifactId), null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Inserts the steps of a pipeline document into the running build, after this job.</summary>
    public async Task<PipelineUploadResponse> UploadPipelineAsync(PipelineUploadRequest request, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(request, ProtocolJsonContext.Default.PipelineUploadRequest);
        using var response = await SendAsync(HttpMethod.Post, "pipelines", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.PipelineUploadResponse, cancellationToken);
    }

    /// <summary>The secrets this job may see, as the coordinator's broker lays them out (empty when the job disabled secrets).</summary>
    public async Task<JobSecretsDto> GetSecretsAsync(CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, "secrets", null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.JobSecretsDto, cancellationToken);
    }

    /// <summary>One secret's value; refused (403) when the key is outside this job's pipeline's secrets.</summary>
    public async Task<byte[]> GetSecretAsync(string key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var path = "secrets/" + Uri.EscapeDataString(key).Replace(".", "%2E", StringComparison.Ordinal);
        using var response = await SendAsync(HttpMethod.Get, path, null, cancellationToken);
        await response.EnsureOkAsync(cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>
    /// A step of the job's build (<paramref name="step"/>: its key or one of its job ids; null = the job's own step), or of
    /// another build of the same pipeline (<paramref name="buildId"/>). An unknown step or build is refused (404).
    /// </summary>
    public async Task<StepDto> GetStepAsync(string? step, string? buildId, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (step is not null)
        {
            query.Add("step=" + Uri.EscapeDataString(step));
        }
        if (buildId is not null)
        {
            query.Add("build=" + Uri.EscapeDataString(buildId));
        }
        using var response = await SendAsync(HttpMethod.Get, "steps" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), null, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.StepDto, cancellationToken);
    }

    /// <summary>Changes an attribute (<c>label</c>) of a step of the job's build; null <paramref name="step"/> = the job's own step.</summary>
    public async Task<StepChangedDto> UpdateStepAsync(string? step, string attribute, string value, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(new StepUpdateRequest(step, attribute, value), ProtocolJsonContext.Default.StepUpdateRequest);
        using var response = await SendAsync(HttpMethod.Post, "steps/update", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.StepChangedDto, cancellationToken);
    }

    /// <summary>Cancels the unfinished jobs of a step of the job's build.</summary>
    public async Task<StepChangedDto> CancelStepAsync(string step, CancellationToken cancellationToken)
    {
        var content = JsonContent.Create(new StepCancelRequest(step), ProtocolJsonContext.Default.StepCancelRequest);
        using var response = await SendAsync(HttpMethod.Post, "steps/cancel", content, cancellationToken);
        return await response.ReadAsync(ProtocolJsonContext.Default.StepChangedDto, cancellationToken);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var message = new HttpRequestMessage(method, Prefix + path) { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Token", _jobToken);
        return await _http.SendAsync(message, cancellationToken);
    }
}
