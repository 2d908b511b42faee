using System.Globalization;
using System.Text.Json;
using ElasticCI.Coordinator.Artifacts;
using ElasticCI.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace ElasticCI.Coordinator.Validation;

/// <summary>
/// Every error response has a problem body: the ones the framework answers before an endpoint runs (a body that is
/// not JSON, too large, of the wrong media type; an unknown route) get an RFC 9457 document saying what was wrong.
/// </summary>
internal static class StatusCodeProblems
{
    public static WebApplication UseProblemStatusCodes(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseStatusCodePages(async context =>
        {
            var response = context.HttpContext.Response;
            if (response.HasStarted || response.ContentLength is > 0 || response.ContentType is not null)
            {
                return;
            }
            var problem = For(response.StatusCode, context.HttpContext.Request);
            response.ContentType = "application/problem+json";
            await JsonSerializer.SerializeAsync(response.Body, problem, ProtocolJsonContext.Default.ProblemDto, context.HttpContext.RequestAborted);
        });
        return app;
    }

    internal static ProblemDto For(int status, HttpRequest request)
    {
        var (title, detail) = status switch
        {
            StatusCodes.Status400BadRequest => ("The request is invalid",
                "The body could not be read as this endpoint's JSON (malformed JSON, a missing required value or a value of the wrong type)."),
            StatusCodes.Status413PayloadTooLarge => ("The request body is too large", string.Create(CultureInfo.InvariantCulture,
                $"A request body may be at most {RequestLimits.MaxRequestBodyBytes} bytes (an artifact at most {LocalArtifactStore.MaxArtifactBytes} bytes).")),
            StatusCodes.Status415UnsupportedMediaType => ("The media type is not supported",
                $"Send the body as application/json (it was '{request.ContentType ?? "none"}')."),
            StatusCodes.Status404NotFound => ("Not found", $"No endpoint answers {request.Method} {request.Path}."),
            StatusCodes.Status405MethodNotAllowed => ("Method not allowed", $"{request.Path} does not accept {request.Method}."),
            _ => ("The request failed", null),
        };
        return new ProblemDto(title, status, detail, null);
    }
}
