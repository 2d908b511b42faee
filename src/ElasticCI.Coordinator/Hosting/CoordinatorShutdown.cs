using ElasticCI.Coordinator.Scaling;
using Microsoft.Extensions.Hosting;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>
/// The coordinator's stop order, run before any hosted service stops: the scaler first (no new instances), then the
/// fleet (a provider whose instances cannot outlive the coordinator stops them) while the API still answers, so their
/// agents can cancel their jobs, report them and disconnect; then the rest of the host, the HTTP server included.
/// </summary>
internal sealed class CoordinatorShutdown(ScalerService scaler, FleetManager fleet) : IHostedLifecycleService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await scaler.StopAsync(cancellationToken);
        await fleet.DisposeAsync();
    }

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
