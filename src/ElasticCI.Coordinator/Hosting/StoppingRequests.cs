using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>
/// A request ended by the coordinator stopping (a parked long-poll) or by its client going away is an expected outcome,
/// not an application error: it answers 503 when it still can, and logs no exception.
/// </summary>
internal static class StoppingRequests
{
    public static IApplicationBuilder UseStoppingRequests(this IApplicationBuilder app, IHostApplicationLifetime lifetime)
        => app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested || context.RequestAborted.IsCancellationRequested)
            {
                if (!context.Response.HasStarted)
                {
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                }
            }
        });
}
