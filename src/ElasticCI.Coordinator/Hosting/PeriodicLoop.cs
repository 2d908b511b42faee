using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Hosting;

/// <summary>
/// The coordinator's periodic duties: a pass, then a wait of the duty's interval. While passes keep failing the wait
/// doubles (up to <see cref="MaxBackoff"/>), and the failure is logged at Debug for the first
/// <see cref="FailuresBeforeError"/> - 1 in a row, then at Error: a passing fault stays quiet, a lasting one is heard
/// once per backoff period rather than every interval.
/// </summary>
internal static class PeriodicLoop
{
    public const int FailuresBeforeError = 3;

    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <param name="pass">One pass of the duty; an exception fails the pass.</param>
    /// <param name="interval">The wait after a pass that did not fail.</param>
    /// <param name="failed">Logs a failed pass at the level given, with how many failed in a row.</param>
    public static async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time,
        Action<LogLevel, int, Exception> failed, CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = interval;
            try
            {
                await pass(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                failures++;
                failed(LevelAfter(failures), failures, ex);
                delay = Backoff(interval, failures);
            }
            await Task.Delay(delay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal static LogLevel LevelAfter(int failures) => failures < FailuresBeforeError ? LogLevel.Debug : LogLevel.Error;

    internal static TimeSpan Backoff(TimeSpan interval, int failures)
    {
        var grown = interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        return grown >= MaxBackoff.TotalMilliseconds ? MaxBackoff : TimeSpan.FromMilliseconds(grown);
    }
}
