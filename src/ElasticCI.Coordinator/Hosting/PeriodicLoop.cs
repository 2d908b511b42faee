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
    public static Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, TimeProvider time,
        Action<LogLevel, int, Exception> failed, CancellationToken stoppingToken)
        => RunAsync(pass, interval, null, time, failed, stoppingToken);

    /// <summary>
    /// Like <see cref="RunAsync(Func{CancellationToken, Task}, TimeSpan, TimeProvider, Action{LogLevel, int, Exception}, CancellationToken)"/>,
    /// and after a pass that did not fail the wait also ends at the next change: <paramref name="changed"/> is taken before
    /// each pass, so a change during the pass is not missed. After a failed pass only the backoff ends the wait.
    /// </summary>
    /// <param name="changed">The task of the next change (e.g. the cluster signal's), or null to wait the interval only.</param>
    public static async Task RunAsync(Func<CancellationToken, Task> pass, TimeSpan interval, Func<Task>? changed, TimeProvider time,
        Action<LogLevel, int, Exception> failed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(failed);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = interval;
            var change = changed?.Invoke();
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
                change = null;
            }
            var wait = Task.Delay(delay, time, stoppingToken);
            // WhenAny never throws: a canceled delay just ends the wait, and the loop condition ends the duty.
            await (change is null ? wait : Task.WhenAny(change, wait)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    internal static LogLevel LevelAfter(int failures) => failures < FailuresBeforeError ? LogLevel.Debug : LogLevel.Error;

    internal static TimeSpan Backoff(TimeSpan interval, int failures)
    {
        var grown = interval.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20));
        return grown >= MaxBackoff.TotalMilliseconds ? MaxBackoff : TimeSpan.FromMilliseconds(grown);
    }
}
