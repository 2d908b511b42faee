using ElasticCI.Builds;
using ElasticCI.Jobs;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary>Jobs: get one, read its log from an offset, retry one, unblock a block/input job.</summary>
internal static class JobEndpoints
{
    private const int MaxLogRead = 4 * 1024 * 1024;

    public static RouteGroupBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/jobs").WithTags("Jobs").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapGet("/{id}", GetAsync).WithName("GetJob");
        group.MapGet("/{id}/log", ReadLogAsync).WithName("GetJobLog");
        group.MapPost("/{id}/retry", RetryAsync).WithName("RetryJob");
        group.MapPost("/{id}/unblock", UnblockAsync).WithName("UnblockJob");
        return group;
    }

    private static async Task<Results<Ok<JobDto>, JsonHttpResult<ProblemDto>>> GetAsync(string id, IJobStore jobs, CancellationToken cancellationToken)
        => await jobs.GetJobAsync(id, cancellationToken) is { } job ? TypedResults.Ok(job.ToDto()) : Problems.NotFound($"Job {id}");

    private static async Task<Results<Created<JobDto>, JsonHttpResult<ProblemDto>>> RetryAsync(
        string id, IJobStore jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = await jobs.RetryJobAsync(id, time.GetUtcNow(), cancellationToken);
        if (result.Outcome == RetryOutcome.Retried)
        {
            return TypedResults.Created($"/api/v1/jobs/{result.Job!.Id}", result.Job.ToDto());
        }
        return result.Outcome == RetryOutcome.NotFound ? Problems.NotFound($"Job {id}") : Problems.Conflict(result.Reason ?? "The job cannot be retried");
    }

    private static async Task<Results<Ok<JobDto>, JsonHttpResult<ProblemDto>>> UnblockAsync(
        string id, UnblockJobRequest? request, IJobStore jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (await jobs.GetJobAsync(id, cancellationToken) is not { } job)
        {
            return Problems.NotFound($"Job {id}");
        }
        if (job.Kind is not (JobKind.Block or JobKind.Input))
        {
            return Problems.Conflict($"job {id} is a {job.Kind.ToString().ToLowerInvariant()} job: only block and input jobs can be unblocked");
        }
        if (job.State != JobState.Blocked)
        {
            return Problems.Conflict($"job {id} is {job.State.ToName()}, not blocked");
        }
        var (errors, values) = BlockForm.Validate(job.Spec.Block, request?.Fields ?? new Dictionary<string, string>());
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        var outcome = await jobs.UnblockAsync(id, values, time.GetUtcNow(), cancellationToken);
        if (outcome != UnblockOutcome.Unblocked)
        {
            return outcome == UnblockOutcome.NotFound ? Problems.NotFound($"Job {id}") : Problems.Conflict($"job {id} is {job.State.ToName()}, not blocked");
        }
        return TypedResults.Ok((await jobs.GetJobAsync(id, cancellationToken))!.ToDto());
    }

    private static async Task<Results<FileContentHttpResult, JsonHttpResult<ProblemDto>>> ReadLogAsync(
        string id, long? offset, IJobStore jobs, CancellationToken cancellationToken)
    {
        if (offset is < 0)
        {
            return Problems.BadRequest(["offset must be 0 or more"]);
        }
        var bytes = await jobs.ReadLogAsync(id, offset ?? 0, MaxLogRead, cancellationToken);
        return bytes is null ? Problems.NotFound($"Job {id}") : TypedResults.File(bytes, "text/plain; charset=utf-8");
    }
}
