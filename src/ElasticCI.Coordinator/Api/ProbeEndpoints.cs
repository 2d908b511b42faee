using ElasticCI.Cluster;
using ElasticCI.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// Probes for load balancers and Kubernetes, without authentication: <c>GET /healthz</c> answers 200 while the process
/// serves HTTP (liveness); <c>GET /readyz</c> answers 200 when every <see cref="IReadinessCheck"/> passes (the store
/// reachable with its migrations applied, the cluster database reachable), otherwise 503 with a problem listing each failure.
/// </summary>
internal static class ProbeEndpoints
{
    /// <summary>The longest a readiness check may take before it counts as failed (a probe must answer promptly).</summary>
    internal static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapProbeEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Text("ok")).WithTags("Probes").WithName("Healthz");
        routes.MapGet("/readyz", ReadyAsync).WithTags("Probes").WithName("Readyz");
        return routes;
    }

    private static async Task<Results<ContentHttpResult, JsonHttpResult<ProblemDto>>> ReadyAsync(IEnumerable<IReadinessCheck> checks, CancellationToken cancellationToken)
    {
        var failures = await Task.WhenAll(checks.Select(check => RunAsync(check, cancellationToken)));
        var problems = failures.OfType<string>().ToList();
        return problems.Count == 0
            ? TypedResults.Text("ready")
            : Problems.Of(StatusCodes.Status503ServiceUnavailable, "Not ready", errors: problems);
    }

    private static async Task<string?> RunAsync(IReadinessCheck check, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CheckTimeout);
        try
        {
            return await check.CheckAsync(timeout.Token).WaitAsync(timeout.Token) is { } problem ? $"{check.Name}: {problem}" : null;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return $"{check.Name}: no answer within {CheckTimeout.TotalSeconds:0} s";
        }
    }
}
