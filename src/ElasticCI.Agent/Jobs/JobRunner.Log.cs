using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Jobs;

internal sealed partial class JobRunner
{
    private static partial class Log
    {
        [LoggerMessage(EventId = AgentEventIds.JobRunnerDiskFull, Level = LogLevel.Warning, Message = "Job {JobId} failed the disk-space check: {Shortage}")]
        public static partial void DiskFull(ILogger logger, string jobId, string shortage);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerStarting, Level = LogLevel.Information, Message = "Starting job {JobId} ({Label})")]
        public static partial void Starting(ILogger logger, string jobId, string label);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerStartFailed, Level = LogLevel.Error, Message = "Could not mark job {JobId} started")]
        public static partial void StartFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerCanceledBeforeStart, Level = LogLevel.Information, Message = "Job {JobId} was canceled before it started")]
        public static partial void CanceledBeforeStart(ILogger logger, string jobId);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerProcessFailed, Level = LogLevel.Error, Message = "Could not start the process of job {JobId}")]
        public static partial void ProcessFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerCanceling, Level = LogLevel.Information, Message = "Canceling job {JobId} ({Reason}); SIGKILL after {GracePeriod}")]
        public static partial void Canceling(ILogger logger, string jobId, string reason, TimeSpan gracePeriod);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerOutputAbandoned, Level = LogLevel.Warning, Message = "Job {JobId} left a process holding its output; the rest of its output is dropped")]
        public static partial void OutputAbandoned(ILogger logger, string jobId);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerExited, Level = LogLevel.Information, Message = "Job {JobId} exited with status {ExitStatus} (signal {Signal})")]
        public static partial void Exited(ILogger logger, string jobId, int exitStatus, string? signal);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerFinished, Level = LogLevel.Information, Message = "Finished job {JobId} with exit status {ExitStatus}")]
        public static partial void Finished(ILogger logger, string jobId, int exitStatus);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerFinishFailed, Level = LogLevel.Error, Message = "Could not report job {JobId} finished; the coordinator will consider it lost")]
        public static partial void FinishFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = AgentEventIds.JobRunnerRefused, Level = LogLevel.Warning, Message = "Refused job {JobId}: {Reason}")]
        public static partial void Refused(ILogger logger, string jobId, string reason);
    }
}
