using ElasticCI.Compute;
using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
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
        group.MapGet("/activity", ActivityAsync).WithName("StackActivity");
        group.MapPost("/instances/{instanceId}/interrupt", InterruptEndpoint.InterruptAsync).WithName("InterruptInstance");
        return group;
    }

    // Scaling events with the decision inputs in their reasons, newest first, across one stack or all of them.
    private static async Task<Results<Ok<StackActivityDto>, JsonHttpResult<ProblemDto>>> ActivityAsync(
        StackRegistry stacks, IFleetStore fleet, string? stack, int? limit, CancellationToken cancellationToken)
    {
        var take = Math.Clamp(limit ?? 100, 1, 1000);
        var selected = stacks.All.Where(s => stack is null || s.Definition.Name == stack).ToList();
        if (stack is not null && selected.Count == 0)
        {
            return Problems.NotFound($"Stack '{stack}'");
        }
        var events = new List<StackActivityEventDto>();
        foreach (var runtime in selected)
        {
            foreach (var e in await fleet.ListScalingEventsAsync(runtime.Definition.Name, take, cancellationToken))
            {
                events.Add(new StackActivityEventDto(e.Stack, e.At, e.Action, e.Reason, e.InstanceId));
            }
        }
        return TypedResults.Ok(new StackActivityDto([.. events.OrderByDescending(e => e.At).Take(take)]));
    }

    private static async Task<Ok<StackListDto>> ListAsync(
        StackRegistry stacks, IFleetStore fleet, IRolloutStore rollouts, IMetricsStore metrics, ComputeProviderCatalog providers, TimeProvider time, CancellationToken cancellationToken)
    {
        var result = new List<StackStatusDto>();
        foreach (var stack in stacks.All)
        {
            var d = stack.Definition;
            // With the provider's defaults, so a stack built in code shows them too.
            var settings = providers.Complete(d).ProviderSettings;
            var instances = await fleet.ListInstancesAsync(d.Name, time.GetUtcNow() - TerminatedVisibleFor, cancellationToken);
            var events = await fleet.ListScalingEventsAsync(d.Name, 50, cancellationToken);
            var actual = instances.Count(i => i.State is FleetInstanceState.Pending or FleetInstanceState.Running);
            var revision = stack.Revision;
            var revisions = await rollouts.ListInstanceRevisionsAsync(d.Name, cancellationToken);
            var dtos = instances.Select(i => i.ToDto() with
            {
                Revision = revisions.GetValueOrDefault(i.Id),
                Outdated = i.State != FleetInstanceState.Terminated && revisions.TryGetValue(i.Id, out var r) && r != revision,
            }).ToList();
            result.Add(new StackStatusDto(d.Name, d.Queue, d.Provider, d.Scaling.MinSize, d.Scaling.MaxSize, d.Scaling.AgentsPerInstance,
                stack.LastDecision?.Desired ?? d.Scaling.MinSize, actual, dtos, events.Select(e => e.ToDto()).ToList(),
                revision, dtos.Count(i => i.Outdated), stack.Rollout?.Reason, stack.Removed, settings["Isolation"])
            {
                ProviderSettings = settings.Values.Count == 0 ? null : settings.Values,
            });
        }
        return TypedResults.Ok(new StackListDto(result) { UnservedQueues = await new QueueWarnings(stacks, metrics).UnservedQueuesAsync(cancellationToken) });
    }
}
