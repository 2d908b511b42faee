using ElasticCI.Jobs;
using ElasticCI.Storage;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Coordinator.Observability;

/// <summary>
/// Records a job's timings in the histograms when it starts and finishes (after the agent's request was answered); the
/// finished-jobs counter is read from the store by <see cref="FleetSampler"/>.
/// </summary>
internal sealed partial class JobObserver(IJobStore jobs, IJobTimingsStore timings, ElasticCIMetrics metrics, ILogger<JobObserver> logger)
{
    public async Task StartedAsync(string jobId)
    {
        try
        {
            if (await jobs.GetJobAsync(jobId, CancellationToken.None) is not { ScheduledAt: { } scheduled } job)
            {
                return;
            }
            var queue = new KeyValuePair<string, object?>("queue", job.Queue);
            if (job.StartedAt is { } started)
            {
                metrics.JobWait.Record(Seconds(started - scheduled), queue);
            }
            if (job.AssignedAt is { } assigned)
            {
                metrics.DispatchLatency.Record(Seconds(assigned - scheduled), queue);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Failed(logger, jobId, ex);
        }
    }

    public async Task FinishedAsync(string jobId)
    {
        try
        {
            if (await jobs.GetJobAsync(jobId, CancellationToken.None) is not { } job || !job.State.IsTerminal())
            {
                return;
            }
            if (await timings.GetJobPhaseTimesAsync(jobId, CancellationToken.None) is { } times)
            {
                foreach (var phase in Api.JobTimingsEndpoints.ToDto(times).Phases)
                {
                    metrics.JobPhase.Record(phase.Seconds,
                        new KeyValuePair<string, object?>("queue", job.Queue), new KeyValuePair<string, object?>("phase", phase.Name));
                }
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.Failed(logger, jobId, ex);
        }
    }

    private static double Seconds(TimeSpan span) => Math.Max(0, span.TotalSeconds);

    private static partial class Log
    {
        [LoggerMessage(EventId = CoordinatorEventIds.JobObserverFailed, Level = LogLevel.Warning, Message = "Recording metrics for job {JobId} failed")]
        public static partial void Failed(ILogger logger, string jobId, Exception exception);
    }
}
