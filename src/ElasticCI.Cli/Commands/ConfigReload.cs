using ElasticCI.Coordinator.Scaling;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Cli.Commands;

/// <summary>SIGHUP: the coordinator re-reads its <c>--config</c> file and applies it, or lists every problem and changes nothing.</summary>
internal static class ConfigReload
{
    public static async Task RunAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var outcome = await services.GetRequiredService<StackConfigReloader>().ReloadFileAsync(cancellationToken);
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
