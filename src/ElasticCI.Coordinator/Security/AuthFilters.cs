using ElasticCI.Coordinator.Api;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Security;

/// <summary>Endpoint filters for the three kinds of callers: users (API token), registered agents (their access token) and running jobs (their job token).</summary>
internal static class AuthFilters
{
    private const string AgentItem = "elastic-ci.agent";
    private const string JobItem = "elastic-ci.job";

    public static async ValueTask<object?> RequireUserAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var tokens = context.HttpContext.RequestServices.GetRequiredService<TokenFiles>();
        var presented = AccessTokens.FromHeader(context.HttpContext.Request.Headers.Authorization);
        // The dashboard's session cookie stands in for the token (see DashboardSessions for its CSRF rule).
        if (!AccessTokens.Same(presented, tokens.ApiToken) && context.HttpContext.RequestServices.GetService<Dashboard.DashboardSessions>()?.IsSignedIn(context.HttpContext) != true)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "A valid API token is required (Authorization: Bearer <token>)");
        }
        return await next(context);
    }

    public static ValueTask<object?> RequireAgentAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        => RequireBearerAsync(context, next, AgentItem,
            (services, hash, ct) => services.GetRequiredService<IAgentStore>().FindByTokenHashAsync(hash, ct),
            "An agent access token is required",
            "The agent access token is not valid (the agent disconnected or was lost)");

    public static ValueTask<object?> RequireJobAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        => RequireBearerAsync(context, next, JobItem,
            (services, hash, ct) => services.GetRequiredService<IJobDataStore>().FindActiveJobByTokenHashAsync(hash, ct),
            "A job token is required (BUILDKITE_AGENT_ACCESS_TOKEN)",
            "The job token is not valid (it works only while its job runs)");

    public static AgentRecord Agent(this HttpContext context) => (AgentRecord)context.Items[AgentItem]!;

    public static JobRecord Job(this HttpContext context) => (JobRecord)context.Items[JobItem]!;

    /// <summary>Looks the presented token up by its hash; the holder goes into the request's items for the handler.</summary>
    private static async ValueTask<object?> RequireBearerAsync<T>(
        EndpointFilterInvocationContext context, EndpointFilterDelegate next, string item,
        Func<IServiceProvider, string, CancellationToken, Task<T?>> lookup, string missing, string invalid)
        where T : class
    {
        var presented = AccessTokens.FromHeader(context.HttpContext.Request.Headers.Authorization);
        if (presented is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, missing);
        }
        var holder = await lookup(context.HttpContext.RequestServices, AccessTokens.Hash(presented), context.HttpContext.RequestAborted);
        if (holder is null)
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, invalid);
        }
        context.HttpContext.Items[item] = holder;
        return await next(context);
    }
}
