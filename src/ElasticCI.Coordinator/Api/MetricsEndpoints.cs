using System.Globalization;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Metrics;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// Buildkite's agent metrics API, same paths under <c>/v3</c>, same JSON and headers, so tools written for it
/// (buildkite-agent-scaler, buildkite-agent-metrics, another coordinator's <c>MetricsSource: buildkite</c>) work.
/// Authenticated with the agent registration token, as Buildkite's is.
/// </summary>
internal static class MetricsEndpoints
{
    public const string PollDurationHeader = "Buildkite-Agent-Metrics-Poll-Duration";
    public const string OrganizationSlug = "elastic-ci";

    public static RouteGroupBuilder MapMetricsEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/v3/metrics").WithTags("Metrics").AddEndpointFilter(RequireAgentTokenAsync);
        group.MapGet("/", AllAsync).WithName("BuildkiteMetrics");
        group.MapGet("/queue", QueueAsync).WithName("BuildkiteQueueMetrics");
        return group;
    }

    private static async Task<Ok<BuildkiteMetricsDto>> AllAsync(IMetricsStore store, CancellationToken cancellationToken)
    {
        var queues = await store.GetQueueMetricsAsync(cancellationToken);
        var agents = new AgentMetricsDto(queues.Sum(q => q.IdleAgents), queues.Sum(q => q.BusyAgents), queues.Sum(q => q.TotalAgents),
            queues.Where(q => q.TotalAgents > 0).ToDictionary(q => q.Queue, q => new AgentQueueMetricsDto(q.IdleAgents, q.BusyAgents, q.TotalAgents), StringComparer.Ordinal));
        var jobs = new JobMetricsDto(queues.Sum(q => q.Scheduled), queues.Sum(q => q.Running), queues.Sum(q => q.Waiting), queues.Sum(q => q.Scheduled + q.Running),
            queues.Where(q => q.Scheduled + q.Running + q.Waiting > 0)
                .ToDictionary(q => q.Queue, q => new JobQueueMetricsDto(q.Scheduled, q.Running, q.Waiting, q.Scheduled + q.Running), StringComparer.Ordinal));
        return TypedResults.Ok(new BuildkiteMetricsDto(new MetricsOrganizationDto(OrganizationSlug), agents, jobs));
    }

    private static async Task<Results<Ok<BuildkiteMetricsDto>, JsonHttpResult<ProblemDto>>> QueueAsync(IMetricsStore store, string? name, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return Problems.BadRequest(["query parameter 'name' (the queue) is required"]);
        }
        var q = (await store.GetQueueMetricsAsync(cancellationToken)).FirstOrDefault(m => m.Queue == name)
            ?? new QueueMetrics(name, 0, 0, 0, 0, 0, 0);
        return TypedResults.Ok(new BuildkiteMetricsDto(new MetricsOrganizationDto(OrganizationSlug),
            new AgentMetricsDto(q.IdleAgents, q.BusyAgents, q.TotalAgents, null),
            new JobMetricsDto(q.Scheduled, q.Running, q.Waiting, q.Scheduled + q.Running, null)));
    }

    private static async ValueTask<object?> RequireAgentTokenAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var options = http.RequestServices.GetRequiredService<CoordinatorOptions>();
        // Every answer, refusals included, says how often a poller may come back.
        http.Response.Headers[PollDurationHeader] = ((long)options.MetricsPollDuration.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        var agentToken = await http.RequestServices.GetRequiredService<AgentRegistrationToken>().CurrentAsync(http.RequestAborted);
        if (!AccessTokens.Same(AccessTokens.FromHeader(http.Request.Headers.Authorization), agentToken))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "The agent registration token is required (Authorization: Token <token>)");
        }
        return await next(context);
    }
}
