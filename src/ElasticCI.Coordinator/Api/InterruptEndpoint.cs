using ElasticCI.Coordinator.Scaling;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Scaling;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>POST /api/v1/stacks/instances/{id}/interrupt</c>: a spot interruption notice, as EC2 would send it.</summary>
internal static class InterruptEndpoint
{
    public static async Task<Results<Ok<InstanceInterruptionDto>, JsonHttpResult<ProblemDto>>> InterruptAsync(
        string instanceId, InterruptInstanceRequest? request, SpotInterruptions interruptions, CancellationToken cancellationToken)
    {
        if (!NoticeDuration.TryParse(request?.In, out var notice, out var error))
        {
            return Problems.BadRequest([error]);
        }
        var (outcome, result) = await interruptions.InterruptAsync(instanceId, notice, cancellationToken);
        return outcome switch
        {
            InterruptOutcome.Interrupted => TypedResults.Ok(result!),
            InterruptOutcome.NotFound => Problems.NotFound($"Instance '{instanceId}'"),
            InterruptOutcome.OnDemand => Problems.Conflict($"instance {instanceId} is on-demand: only spot instances can be interrupted"),
            _ => Problems.Conflict($"instance {instanceId} is not running or already has an interruption notice"),
        };
    }
}
