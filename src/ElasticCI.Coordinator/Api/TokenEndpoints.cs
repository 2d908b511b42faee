using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary>
/// <c>POST /api/v1/tokens/agent/rotate[?name=NAME]</c>: a new agent registration token in <c>agent-token</c> (or the named
/// token's <c>agent-tokens/NAME</c>); the old one stops working (user token).
/// </summary>
internal static class TokenEndpoints
{
    public static RouteHandlerBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
        => routes.MapPost("/api/v1/tokens/agent/rotate", Rotate).WithTags("Tokens").WithName("RotateAgentToken").AddEndpointFilter(AuthFilters.RequireUserAsync);

    /// <param name="name">A named token of <c>agentTokens:</c> (<c>agent-tokens/NAME</c>); none for the unnamed <c>agent-token</c>.</param>
    private static async Task<Results<Ok<AgentTokenRotatedDto>, JsonHttpResult<ProblemDto>>> Rotate(
        TokenFiles tokens, AgentRegistrationToken agentToken, ScopedAgentTokens scoped, SharedScopedAgentTokens shared, string? name, CancellationToken cancellationToken)
    {
        if (name is null)
        {
            // With a shared store the new token is the store's, so every replica accepts it and refuses the old one.
            await agentToken.RotateAsync(cancellationToken);
            return TypedResults.Ok(new AgentTokenRotatedDto(tokens.AgentTokenPath));
        }
        if (!await shared.RotateAsync(name, cancellationToken))
        {
            var known = scoped.Names.Count == 0 ? "no named agent tokens are configured (agentTokens in elastic-ci.yml)" : "known: " + string.Join(", ", scoped.Names);
            return Problems.Of(StatusCodes.Status404NotFound, $"There is no agent token named '{name}'", $"there is no agent token named '{name}' ({known}); nothing was rotated");
        }
        return TypedResults.Ok(new AgentTokenRotatedDto(scoped.PathOf(name)!));
    }
}
