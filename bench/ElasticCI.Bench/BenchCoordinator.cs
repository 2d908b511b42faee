using ElasticCI.Coordinator;
using ElasticCI.Coordinator.Scaling;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Bench;

/// <summary>
/// A real in-process coordinator in a temporary data directory, started for one measurement and removed after it: on SQLite,
/// or on the PostgreSQL database <c>store</c> names (a fresh, empty one per measurement).
/// </summary>
internal static class BenchCoordinator
{
    public static Task<T> RunAsync<T>(TimeSpan jobPollTimeout, Func<WebApplication, Task<T>> measure, CancellationToken cancellationToken)
        => RunAsync(jobPollTimeout, null, measure, cancellationToken);

    public static async Task<T> RunAsync<T>(TimeSpan jobPollTimeout, string? store, Func<WebApplication, Task<T>> measure, CancellationToken cancellationToken)
    {
        var dataDirectory = Directory.CreateTempSubdirectory("elastic-ci-bench-").FullName;
        try
        {
            var app = await CoordinatorHost.BuildAsync(
                new CoordinatorOptions { DataDirectory = dataDirectory, Listen = "127.0.0.1:0", JobPollTimeout = jobPollTimeout, Store = store ?? ElasticCI.Coordinator.Composition.CoordinatorStores.Sqlite },
                _ => { }, cancellationToken);
            await using (app)
            {
                await app.StartAsync(cancellationToken);
                try
                {
                    return await measure(app);
                }
                finally
                {
                    await app.StopAsync(CancellationToken.None);
                    await app.Services.GetRequiredService<FleetManager>().DisposeAsync();
                }
            }
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp directory left behind is harmless.
            }
        }
    }
}
