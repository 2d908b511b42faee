using ElasticCI.Protocol;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ElasticCI.Coordinator.Api;

/// <summary>The one way every endpoint refuses a request: an RFC 9457 problem with every error listed.</summary>
internal static class Problems
{
    public static JsonHttpResult<ProblemDto> Of(int status, string title, string? detail = null, IReadOnlyList<string>? errors = null)
    {
        errors = ProblemLimits.Bound(errors);
        return TypedResults.Json(new ProblemDto(title, status, detail ?? (errors is { Count: > 0 } ? string.Join("\n", errors) : null), errors),
            ProtocolJsonContext.Default.ProblemDto, "application/problem+json", status);
    }

    public static JsonHttpResult<ProblemDto> BadRequest(IReadOnlyList<string> errors)
        => Of(StatusCodes.Status400BadRequest, "The request is invalid", errors: errors);

    public static JsonHttpResult<ProblemDto> NotFound(string what) => Of(StatusCodes.Status404NotFound, $"{what} was not found");

    public static JsonHttpResult<ProblemDto> Conflict(string detail) => Of(StatusCodes.Status409Conflict, "Conflict", detail);
}
