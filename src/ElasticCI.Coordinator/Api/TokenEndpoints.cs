using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Api;

/// <summary><c>POST /api/v1/tokens/agent/rotate</c>: a new agent registration token in <c>agent-token</c>; the old one stops working (user token).</summary>
internal static class TokenEndpoints
{
    public static RouteHandlerBuilder MapTokenEndpoints(this IEndpointRouteBuilder routes)
        => routes.MapPost("/api/v1/tokens/agent/rotate", Rotate).WithTags("Tokens").WithName("RotateAgentToken").AddEndpointFilter(AuthFilters.RequireUserAsync);

    private static async Task<Ok<AgentTokenRotatedDto>> Rotate(TokenFiles tokens, AgentRegistrationToken agentToken, CancellationToken cancellationToken)
    {
        // With a shared store the new token is the store's, so every replica accepts it and refuses the old one.
        await agentToken.RotateAsync(cancellationToken);
        return TypedResults.Ok(new AgentTokenRotatedDto(tokens.AgentTokenPath));
    }
}
