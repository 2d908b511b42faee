using System.Runtime.InteropServices;
using ElasticCI.Coordinator.Scaling;
using Microsoft.Extensions.Hosting;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>SIGHUP: the coordinator re-reads its <c>--config</c> file and applies it, or lists every problem and changes nothing.</summary>
internal sealed class ConfigReloadService(StackConfigReloader reloader, CoordinatorConsole console, IHostApplicationLifetime lifetime) : IHostedService, IDisposable
{
    private PosixSignalRegistration? _sighup;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _sighup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            // The reload runs off the signal thread and reports what it did.
            context.Cancel = true;
            _ = ReloadAsync(lifetime.ApplicationStopping);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _sighup?.Dispose();
        _sighup = null;
    }

    internal async Task ReloadAsync(CancellationToken cancellationToken)
    {
        var (output, error) = (console.Output, console.Error);
        try
        {
            var outcome = await reloader.ReloadFileAsync(cancellationToken);
            if (outcome.Result is null)
            {
                await error.WriteLineAsync("elastic-ci: SIGHUP: configuration refused, nothing changed:");
                foreach (var line in outcome.Errors)
                {
                    await error.WriteLineAsync($"elastic-ci: {line}");
                }
                await error.FlushAsync(cancellationToken);
                return;
            }
            await output.WriteLineAsync($"SIGHUP: configuration applied ({outcome.Result.Added.Count} added, {outcome.Result.Changed.Count} changed, {outcome.Result.Removed.Count} removed)");
            foreach (var line in outcome.Result.Details)
            {
                await output.WriteLineAsync($"  {line}");
            }
            await output.FlushAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the reload no longer matters.
        }
    }
}
