using ElasticCI.Coordinator.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace ElasticCI.Coordinator.Validation;

/// <summary>
/// The endpoint filter that applies the control-character rule to every request of every endpoint it is put on: the
/// bound request DTO, the route values and the query string. A refused request gets a 400 problem naming each field
/// and changes nothing.
/// </summary>
internal static class ControlCharacterFilter
{
    /// <summary>Puts the rule on every endpoint mapped under <paramref name="group"/>.</summary>
    public static TBuilder WithControlCharacterRule<TBuilder>(this TBuilder group)
        where TBuilder : IEndpointConventionBuilder
        => group.AddEndpointFilter(CheckAsync);

    /// <summary>A group at the root with the rule on, to map every API endpoint under.</summary>
    public static RouteGroupBuilder MapCheckedRoot(this IEndpointRouteBuilder routes) => routes.MapGroup("").WithControlCharacterRule();

    public static async ValueTask<object?> CheckAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var errors = new List<string>();
        var request = context.HttpContext.Request;
        RequestControlCharacters.CheckValues(request.RouteValues.Select(v => KeyValuePair.Create(v.Key, v.Value?.ToString())), "route value", errors);
        RequestControlCharacters.CheckValues(request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v))), "query parameter", errors);
        foreach (var argument in context.Arguments)
        {
            RequestControlCharacters.CheckArgument(argument, errors);
        }
        return errors.Count > 0 ? Problems.BadRequest(errors) : await next(context);
    }
}
