using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Stacks;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using FleetInstanceState = ElasticCI.Scaling.InstanceState;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary>Stacks: sizing, instances with their agents, and recent scaling events.</summary>
internal static class StackEndpoints
{
    // Terminated instances stay visible this long, so a user sees what just went away.
    private static readonly TimeSpan TerminatedVisibleFor = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapStackEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/v1/stacks").WithTags("Stacks").AddEndpointFilter(AuthFilters.RequireUserAsync);
        group.MapGet("/", ListAsync).WithName("ListStacks");
        return group;
    }

    private static async Task<Ok<StackListDto>> ListAsync(StackRegistry stacks, IFleetStore fleet, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = new List<StackStatusDto>();
        foreach (var stack in stacks.All)
        {
            var d = stack.Definition;
            var instances = await fleet.ListInstancesAsync(d.Name, time.GetUtcNow() - TerminatedVisibleFor, cancellationToken);
            var events = await fleet.ListScalingEventsAsync(d.Name, 50, cancellationToken);
            var actual = instances.Count(i => i.State is FleetInstanceState.Pending or FleetInstanceState.Running);
            result.Add(new StackStatusDto(d.Name, d.Queue, d.Provider, d.MinSize, d.MaxSize, d.AgentsPerInstance,
                stack.LastDecision?.Desired ?? d.MinSize, actual, instances.Select(i => i.ToDto()).ToList(), events.Select(e => e.ToDto()).ToList()));
        }
        return TypedResults.Ok(new StackListDto(result));
    }
}
