using ElasticCI.Coordinator.Dashboard;
using ElasticCI.Coordinator.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Coordinator.Observability;

/// <summary>
/// Watches the API from the outside, by endpoint name, so the endpoints themselves stay untouched: a log chunk accepted
/// counts its bytes and wakes the job's log streams; a job started or finished records its timings; and <c>/metrics</c> is
/// refused without the API token or a dashboard session unless <see cref="CoordinatorOptions.MetricsUnauthenticated"/>.
/// </summary>
internal sealed class ObservabilityMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, ElasticCIMetrics metrics, ChangeFeed changes, JobObserver jobs, CoordinatorOptions options)
    {
        var endpoint = http.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<MetricsEndpointMarker>() is not null && !options.MetricsUnauthenticated && !IsUser(http))
        {
            await Api.Problems.Of(StatusCodes.Status401Unauthorized, "A valid API token (Authorization: Bearer <token>) or a dashboard session is required")
                .ExecuteAsync(http);
            return;
        }
        var name = endpoint?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        var contentLength = http.Request.ContentLength;
        await next(http);
        if (name is null || http.Response.StatusCode != StatusCodes.Status200OK || http.Request.RouteValues["id"] is not string id)
        {
            return;
        }
        switch (name)
        {
            case "AppendJobLog":
                var queue = http.Items.ContainsKey("elastic-ci.agent") ? http.Agent().Queue : "default";
                metrics.LogBytes.Add(contentLength ?? 0, new KeyValuePair<string, object?>("queue", queue));
                changes.LogAppended(id);
                break;
            case "StartJob":
                http.Response.OnCompleted(() => jobs.StartedAsync(id));
                break;
            case "FinishJob":
                changes.LogAppended(id);
                http.Response.OnCompleted(() => jobs.FinishedAsync(id));
                break;
            case "CancelBuild" or "RebuildBuild" or "RetryJob" or "UnblockJob":
                changes.Changed();
                break;
        }
    }

    private static bool IsUser(HttpContext http)
        => AccessTokens.Same(AccessTokens.FromHeader(http.Request.Headers.Authorization), http.RequestServices.GetRequiredService<TokenFiles>().ApiToken)
            || http.RequestServices.GetRequiredService<DashboardSessions>().IsSignedIn(http);
}
