using ElasticCI.Cluster;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Cluster;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>GET /api/v1/cluster</c>: the replica that answered and the cluster's current leader (user token).</summary>
internal static class ClusterEndpoints
{
    public static RouteHandlerBuilder MapClusterEndpoints(this IEndpointRouteBuilder routes)
        => routes.MapGet("/api/v1/cluster", GetAsync).WithTags("Cluster").WithName("GetCluster").AddEndpointFilter(AuthFilters.RequireUserAsync);

    private static async Task<Results<JsonHttpResult<ClusterDto>, JsonHttpResult<ProblemDto>>> GetAsync(ILeadership leadership, CancellationToken cancellationToken)
    {
        LeaderRecord? leader;
        try
        {
            leader = await leadership.ReadLeaderAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException or InvalidOperationException)
        {
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "The cluster database is unreachable", ex.Message);
        }
        var leading = leadership.CurrentTerm is not null;
        return TypedResults.Json(new ClusterDto(leadership.ReplicaId, leader?.Replica, leader?.Epoch, leading), ClusterJsonContext.Default.ClusterDto);
    }
}
