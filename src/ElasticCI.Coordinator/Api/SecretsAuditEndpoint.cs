using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Secrets;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>GET /api/v1/secrets-audit</c>: the secrets audit log (refused prefix overrides), newest entries, oldest first.</summary>
internal static class SecretsAuditEndpoint
{
    public static void MapSecretsAuditEndpoint(this IEndpointRouteBuilder routes)
        => routes.MapGet("/api/v1/secrets-audit", ListAsync).WithTags("Secrets").WithName("ListSecretsAudit").AddEndpointFilter(AuthFilters.RequireUserAsync);

    private static async Task<Results<Ok<SecretsAuditDto>, JsonHttpResult<ProblemDto>>> ListAsync(
        string? pipeline, int? limit, ISecretsAuditStore audit, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > 1000)
        {
            return Problems.BadRequest(["limit must be between 1 and 1000"]);
        }
        var entries = await audit.ListSecretsAuditAsync(pipeline, limit ?? 100, cancellationToken);
        return TypedResults.Ok(new SecretsAuditDto(entries
            .Select(e => new SecretsAuditEntryDto(e.Id, e.At, e.JobId, e.BuildId, e.Pipeline, e.Queue, e.RequestedPrefix, e.Outcome, e.Detail)).ToList()));
    }
}
