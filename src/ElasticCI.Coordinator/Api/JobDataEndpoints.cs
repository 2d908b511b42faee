using ElasticCI.Builds;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Pipelines;
using ElasticCI.Coordinator.Security;
using ElasticCI.Coordinator.Validation;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// What a running job does through its own token (<c>/api/agent/v1/job</c>: meta-data, annotations, artifacts),
/// and the user API's read side of the same data.
/// </summary>
internal static class JobDataEndpoints
{
    private const int MaxMetaDataValue = 100 * 1024;
    private const int MaxAnnotationBody = 1024 * 1024;
    private const int MaxChangedFiles = 100_000;
    private static readonly string[] Styles = ["default", "info", "warning", "error", "success"];

    public static void MapJobDataEndpoints(this IEndpointRouteBuilder routes)
    {
        var job = routes.MapGroup("/api/agent/v1/job").WithTags("Job API").AddEndpointFilter(AuthFilters.RequireJobAsync);
        job.MapPost("/meta-data", SetMetaDataAsync).WithName("SetMetaData");
        job.MapGet("/meta-data", (HttpContext http, IJobDataStore store, CancellationToken ct) => GetMetaDataAsync(http.Job().BuildId, store, ct)).WithName("GetJobMetaData");
        job.MapPost("/annotations", AnnotateAsync).WithName("Annotate");
        job.MapPost("/pipelines", UploadPipelineAsync).WithName("UploadPipeline");
        job.MapGet("/steps", StepEndpoint.GetAsync).WithName("GetStep");
        job.MapPost("/steps/update", StepChangeEndpoints.UpdateAsync).WithName("UpdateStep");
        job.MapPost("/steps/cancel", StepChangeEndpoints.CancelAsync).WithName("CancelStep");
        job.MapPost("/artifacts", UploadArtifactAsync).WithName("UploadArtifact");
        job.MapGet("/artifacts", (HttpContext http, IJobDataStore store, CancellationToken ct) => ListArtifactsAsync(http.Job().BuildId, store, ct)).WithName("ListJobArtifacts");
        job.MapGet("/artifacts/{id}", (HttpContext http, string id, IJobDataStore store, IArtifactStore files, CancellationToken ct)
            => DownloadAsync(id, http.Job().BuildId, store, files, ct)).WithName("DownloadJobArtifact");

        var user = routes.MapGroup("/api/v1").WithTags("Job data").AddEndpointFilter(AuthFilters.RequireUserAsync);
        user.MapGet("/builds/{id}/meta-data", (string id, IJobDataStore store, CancellationToken ct) => GetMetaDataAsync(id, store, ct)).WithName("GetBuildMetaData");
        user.MapGet("/builds/{id}/artifacts", (string id, IJobDataStore store, CancellationToken ct) => ListArtifactsAsync(id, store, ct)).WithName("ListBuildArtifacts");
        user.MapGet("/builds/{id}/annotations", ListAnnotationsAsync).WithName("ListAnnotations");
        user.MapGet("/artifacts/{id}", (string id, IJobDataStore store, IArtifactStore files, CancellationToken ct)
            => DownloadAsync(id, null, store, files, ct)).WithName("DownloadArtifact");
    }

    private static async Task<Results<Ok, JsonHttpResult<ProblemDto>>> SetMetaDataAsync(
        HttpContext http, MetaDataSetRequest? request, IJobDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request is null || string.IsNullOrEmpty(request.Key) || request.Key.Length > 255 || request.Key.Any(char.IsControl))
        {
            errors.Add("key must be 1 to 255 characters without control characters");
        }
        if (request?.Value is null || request.Value.Length > MaxMetaDataValue)
        {
            errors.Add($"value is required and may be at most {MaxMetaDataValue} characters");
        }
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        await store.SetMetaDataAsync(http.Job().BuildId, request!.Key, request.Value, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<Ok<MetaDataDto>> GetMetaDataAsync(string buildId, IJobDataStore store, CancellationToken cancellationToken)
        => TypedResults.Ok(new MetaDataDto(await store.GetMetaDataAsync(buildId, cancellationToken)));

    private static async Task<Results<Ok, JsonHttpResult<ProblemDto>>> AnnotateAsync(
        HttpContext http, AnnotateRequest? request, IJobDataStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        if (request?.Body is null || request.Body.Length > MaxAnnotationBody)
        {
            errors.Add($"body is required and may be at most {MaxAnnotationBody} characters");
        }
        var style = request?.Style;
        if (style is not null && !Styles.Contains(style))
        {
            errors.Add($"style must be one of {string.Join(", ", Styles)}, was '{style}'");
        }
        var context = request?.Context ?? "default";
        if (context.Length is 0 or > 100 || context.Any(char.IsControl))
        {
            errors.Add("context must be 1 to 100 characters without control characters");
        }
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        await store.AnnotateAsync(http.Job().BuildId, context, style, request!.Body, request.Append, time.GetUtcNow(), cancellationToken);
        return TypedResults.Ok();
    }

    private static async Task<Results<Ok<PipelineUploadResponse>, JsonHttpResult<ProblemDto>>> UploadPipelineAsync(
        HttpContext http, PipelineUploadRequest? request, IBuildStore builds, INotificationStore notifications, IOptions<CoordinatorOptions> options,
        TimeProvider time, CancellationToken cancellationToken)
    {
        if (request?.Yaml is null || request.Yaml.Length > BuildEndpoints.MaxPipelineBytes)
        {
            return Problems.BadRequest([$"yaml is required and may be at most {BuildEndpoints.MaxPipelineBytes} bytes"]);
        }
        if (request.UploadId is { Length: > 100 } || request.UploadId?.Any(char.IsControl) == true)
        {
            return Problems.BadRequest(["uploadId must be at most 100 characters without control characters"]);
        }
        if (request.ChangedFiles is { Count: > MaxChangedFiles } || request.ChangedFiles?.Any(f => f is null or { Length: 0 or > 4096 }) == true)
        {
            return Problems.BadRequest([$"changedFiles must list at most {MaxChangedFiles} paths, each 1 to 4096 characters"]);
        }
        var fileName = string.IsNullOrWhiteSpace(request.FileName) ? "pipeline.yml" : Path.GetFileName(request.FileName);
        // As `buildkite-agent pipeline upload` does: $VARS come from the uploading job's environment.
        var parseOptions = request.Environment is null ? PipelineParseOptions.NoInterpolation : new PipelineParseOptions(request.Environment);
        var parsed = PipelineParser.Parse(request.Yaml, fileName, parseOptions);
        if (!parsed.Succeeded)
        {
            return BuildEndpoints.InvalidPipeline(parsed.Errors);
        }
        var job = http.Job();
        var build = (await builds.GetBuildAsync(job.BuildId, cancellationToken))!;
        var context = BuildContext.Of(build) with { Source = "api", ChangedFiles = request.ChangedFiles };
        var plan = BuildPlanner.Plan(parsed.Pipeline!, fileName, context);
        if (!plan.Succeeded)
        {
            return BuildEndpoints.InvalidPipeline(plan.Errors);
        }
        var uploadId = request.UploadId ?? Guid.NewGuid().ToString();
        var max = options.Value.MaxJobsPerBuild;
        var result = await builds.InsertUploadedJobsAsync(job.Id, uploadId, plan.Jobs, request.Replace, max, time.GetUtcNow(), cancellationToken);
        if (result.RefusedJobCount is { } count)
        {
            return BuildEndpoints.TooManyJobs(count, max);
        }
        if (parsed.Pipeline!.Notify is { } notify)
        {
            // As on Buildkite, an uploaded pipeline's top-level notify applies to the build; it is decided when the build finishes.
            await notifications.SaveUploadNotifyAsync(job.BuildId, uploadId, notify.ToJsonString(), cancellationToken);
        }
        return TypedResults.Ok(new PipelineUploadResponse(uploadId, result.JobIds));
    }

    private static async Task<Ok<AnnotationListDto>> ListAnnotationsAsync(string id, IJobDataStore store, CancellationToken cancellationToken)
        => TypedResults.Ok(new AnnotationListDto((await store.ListAnnotationsAsync(id, cancellationToken))
            .Select(a => new AnnotationDto(a.Context, a.Style, a.Body, a.UpdatedAt)).ToList()));

    private static async Task<Results<Created<ArtifactDto>, JsonHttpResult<ProblemDto>>> UploadArtifactAsync(
        HttpContext http, string? path, IJobDataStore store, IArtifactStore files, TimeProvider time, CancellationToken cancellationToken)
    {
        var clean = ArtifactPaths.Normalise(path, out var problem);
        if (clean is null)
        {
            return Problems.BadRequest([problem]);
        }
        if (http.Request.ContentLength is > IArtifactStore.MaxArtifactBytes)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"An artifact may be at most {IArtifactStore.MaxArtifactBytes} bytes");
        }
        // The server-wide request limit is for JSON bodies; an artifact streams to disk up to the artifact limit.
        RequestLimits.Allow(http, IArtifactStore.MaxArtifactBytes + 1);
        var job = http.Job();
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        SavedArtifact? saved;
        try
        {
            saved = await files.SaveAsync(id, http.Request.Body, http.Request.ContentType ?? "application/octet-stream", cancellationToken);
        }
        catch (ArtifactStoreUnavailableException ex)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "The artifact store is unavailable", ex.Message);
        }
        if (saved is not { } content)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"An artifact may be at most {IArtifactStore.MaxArtifactBytes} bytes");
        }
        var record = await store.AddArtifactAsync(new ArtifactRecord(id, job.BuildId, job.Id, clean, content.Size, content.Sha1, content.Sha256, now), cancellationToken);
        return TypedResults.Created($"/api/v1/artifacts/{id}", ToDto(record));
    }

    private static async Task<Ok<ArtifactListDto>> ListArtifactsAsync(string buildId, IJobDataStore store, CancellationToken cancellationToken)
        => TypedResults.Ok(new ArtifactListDto((await store.ListArtifactsAsync(buildId, cancellationToken)).Select(ToDto).ToList()));

    private static async Task<Results<FileStreamHttpResult, JsonHttpResult<ProblemDto>>> DownloadAsync(
        string id, string? buildId, IJobDataStore store, IArtifactStore files, CancellationToken cancellationToken)
    {
        var artifact = await store.GetArtifactAsync(id, cancellationToken);
        // A job may read its own build's artifacts only.
        if (artifact is null || (buildId is not null && artifact.BuildId != buildId))
        {
            return Problems.NotFound($"Artifact {id}");
        }
        Stream? stream;
        try
        {
            stream = await files.OpenReadAsync(id, cancellationToken);
        }
        catch (ArtifactStoreUnavailableException ex)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "The artifact store is unavailable", ex.Message);
        }
        if (stream is null)
        {
            return Problems.NotFound($"The content of artifact {id}");
        }
        return TypedResults.File(stream, "application/octet-stream", Path.GetFileName(artifact.Path));
    }

    private static ArtifactDto ToDto(ArtifactRecord a) => new(a.Id, a.JobId, a.Path, a.Size, a.Sha1, a.Sha256, a.CreatedAt);
}
