using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>GET /api/v1/jobs/{id}/timings</c>: a job's phase times (scheduled → scale-out → instance → agent → assigned → started → finished).</summary>
internal static class JobTimingsEndpoints
{
    public static RouteHandlerBuilder MapJobTimingsEndpoints(this IEndpointRouteBuilder routes)
        => routes.MapGet("/api/v1/jobs/{id}/timings", GetAsync).WithTags("Jobs").WithName("GetJobTimings").AddEndpointFilter(AuthFilters.RequireUserAsync);

    private static async Task<Results<Ok<JobTimingsDto>, JsonHttpResult<ProblemDto>>> GetAsync(string id, IJobTimingsStore store, CancellationToken cancellationToken)
        => await store.GetJobPhaseTimesAsync(id, cancellationToken) is { } times ? TypedResults.Ok(ToDto(times)) : Problems.NotFound($"Job {id}");

    internal static JobTimingsDto ToDto(JobPhaseTimes t)
    {
        (string Name, DateTimeOffset? At)[] points =
        [
            ("scheduled", t.Scheduled), ("scaleOutDecided", t.ScaleOutDecided),
            ("instanceLaunched", t.ScaleOutDecided is null ? null : t.InstanceLaunched),
            ("agentRegistered", t.ScaleOutDecided is null ? null : t.AgentRegistered),
            ("assigned", t.Assigned), ("started", t.Started), ("finished", t.Finished),
        ];
        var known = points.Where(p => p.At is not null).ToList();
        var phases = known.Zip(known.Skip(1), (a, b) => new JobPhaseDto($"{a.Name}→{b.Name}", (b.At!.Value - a.At!.Value).TotalSeconds)).ToList();
        return new JobTimingsDto(t.JobId, t.Stack, t.InstanceId, t.Scheduled, t.ScaleOutDecided, t.InstanceLaunched, t.AgentRegistered,
            t.Assigned, t.Started, t.Finished, phases);
    }
}
