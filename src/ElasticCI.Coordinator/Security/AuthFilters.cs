using ElasticCI.Coordinator.Api;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Security;

/// <summary>Endpoint filters for the two kinds of callers: users (API token) and registered agents (their access token).</summary>
internal static class AuthFilters
{
    private const string AgentItem = "elastic-ci.agent";
    private const string JobItem = "elastic-ci.job";

    public static async ValueTask<object?> RequireUserAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenFiles>();
        var presented = AccessTokens.FromHeader(context.HttpContext.Request.Headers.Authorization);
        if (!AccessTokens.Same(presented, tokens.ApiToken))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "A valid API token is required (Authorization: Bearer <token>)");
        }
        return await next(context);
    }

    public static async ValueTask<object?> RequireAgentAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = AccessTokens.FromHeader(context.HttpContext.Request.Headers.Authorization);
        if (presented is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "An agent access token is required");
        }
        var agents = context.HttpContext.RequestServices.GetRequiredService<IAgentStore>();
        var agent = await agents.FindByTokenHashAsync(AccessTokens.Hash(presented), context.HttpContext.RequestAborted);
        if (agent is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "The agent access token is not valid (the agent disconnected or was lost)");
        }
        context.HttpContext.Items[AgentItem] = agent;
        return await next(context);
    }

    public static async ValueTask<object?> RequireJobAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var presented = AccessTokens.FromHeader(context.HttpContext.Request.Headers.Authorization);
        if (presented is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "A job token is required (BUILDKITE_AGENT_ACCESS_TOKEN)");
        }
        var store = context.HttpContext.RequestServices.GetRequiredService<IJobDataStore>();
        var job = await store.FindActiveJobByTokenHashAsync(AccessTokens.Hash(presented), context.HttpContext.RequestAborted);
        if (job is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "The job token is not valid (it works only while its job runs)");
        }
        context.HttpContext.Items[JobItem] = job;
        return await next(context);
    }

    public static AgentRecord Agent(this HttpContext context) => (AgentRecord)context.Items[AgentItem]!;

    public static JobRecord Job(this HttpContext context) => (JobRecord)context.Items[JobItem]!;
}
