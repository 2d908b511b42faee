using ElasticCI.Coordinator.Scaling;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>POST /api/v1/stacks/apply</c>: apply a new <c>elastic-ci.yml</c> without restarting (user token).</summary>
internal static class StackApplyEndpoints
{
    private const int MaxYamlLength = 1024 * 1024;

    public static RouteHandlerBuilder MapStackApplyEndpoints(this IEndpointRouteBuilder routes)
        => routes.MapPost("/api/v1/stacks/apply", ApplyAsync).WithTags("Stacks").WithName("ApplyStackConfig").AddEndpointFilter(AuthFilters.RequireUserAsync);

    private static async Task<Results<Ok<StackApplyResultDto>, JsonHttpResult<ProblemDto>>> ApplyAsync(
        ApplyStackConfigRequest? request, StackConfigReloader reloader, CancellationToken cancellationToken)
    {
        if (request?.Yaml is null)
        {
            return Problems.BadRequest(["body must be {\"yaml\": \"<elastic-ci.yml text>\"}"]);
        }
        if (request.Yaml.Length > MaxYamlLength)
        {
            return Problems.BadRequest([$"yaml is longer than {MaxYamlLength} characters"]);
        }
        var outcome = await reloader.ApplyAsync(request.Yaml, string.IsNullOrWhiteSpace(request.FileName) ? "elastic-ci.yml" : request.FileName, cancellationToken);
        if (outcome.Result is null)
        {
            return Problems.Of(StatusCodes.Status400BadRequest, "The stack configuration is invalid; nothing was changed", errors: outcome.Errors);
        }
        return TypedResults.Ok(outcome.Result);
    }
}
