using System.Collections;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Interop;
using ElasticCI.Agent.Jobs.DiskSpace;
using ElasticCI.Agent.Jobs.Secrets;
using ElasticCI.Agent.Logs;
using ElasticCI.Protocol.Agents;
using Microsoft.Extensions.Logging;

namespace ElasticCI.Agent.Jobs;

/// <summary>Runs one <see cref="JobAssignment"/>: start, policy checks, the lifecycle phases in one process group, log streaming, cancel, finish.</summary>
internal sealed partial class JobRunner(
    IJobApi api,
    JobRunnerSettings settings,
    AgentResilience resilience,
    TimeProvider timeProvider,
    ILogger logger)
{
    /// <summary>Where the process environment is read from; tests swap it.</summary>
    internal Func<IDictionary> InheritedEnvironment { get; init; } = Environment.GetEnvironmentVariables;

    /// <summary>
    /// Runs the job to the end and reports it. Cancels through <paramref name="cancellation"/> (coordinator) or
    /// <paramref name="hardStop"/> (the agent stops: reason <c>agent_stop</c>). Coordinator calls themselves are not
    /// canceled by either, so the outcome is always reported; their retries are bounded.
    /// </summary>
    public async Task<JobResult> RunAsync(JobAssignment job, JobCancellation cancellation, CancellationToken hardStop)
    {
        using var stopRegistration = hardStop.Register(() => cancellation.RequestCancel(SignalReasons.AgentStop));
        Log.Starting(logger, job.Id, job.Label);

        bool started;
        try
        {
            started = await resilience.Control.ExecuteAsync(async ct => await api.StartJobAsync(job.Id, ct), CancellationToken.None);
        }
        catch (Exception ex)
        {
            Log.StartFailed(logger, job.Id, ex);
            return await FinishAsync(job.Id, new JobResult(-1, null, null, 0));
        }
        if (!started || cancellation.IsRequested)
        {
            Log.CanceledBeforeStart(logger, job.Id);
            return await FinishAsync(job.Id, new JobResult(-1, null, cancellation.Reason, 0));
        }

        var streamer = new LogStreamer(api, job.Id, resilience, timeProvider, settings.ChunkInterval, settings.MaxChunkBytes,
            () => cancellation.RequestCancel(SignalReasons.Cancel), logger);
        var uploading = streamer.RunAsync(CancellationToken.None);
        JobResult result;
        try
        {
            result = await RunPhasesAsync(job, streamer, cancellation);
        }
        finally
        {
            streamer.Complete();
            await uploading;
        }
        return await FinishAsync(job.Id, result with { LogSize = streamer.AcknowledgedBytes });
    }

    private async Task<JobResult> RunPhasesAsync(JobAssignment job, LogStreamer streamer, JobCancellation cancellation)
    {
        var checkoutPath = Path.Combine(settings.BuildPath, AgentNames.PathSegment(settings.AgentName), AgentNames.PathSegment(job.PipelineSlug));
        var environment = JobEnvironment.Build(InheritedEnvironment(), job, settings, checkoutPath);
        if (JobPolicy.Refusal(environment, settings, out var plugins) is { } refusal)
        {
            Log.Refused(logger, job.Id, refusal);
            await streamer.WriteAsync($"^^^ +++\nThis agent refused the job: {refusal}\n", CancellationToken.None);
            return new JobResult(-1, null, SignalReasons.AgentRefused, 0);
        }

        if (await DiskSpaceGate.RunAsync(settings, checkoutPath, streamer) is { } diskFull)
        {
            Log.DiskFull(logger, job.Id, diskFull);
            return new JobResult(1, null, null, 0);
        }

        DirectoryInfo scratch;
        JobExecutor executor;
        try
        {
            Directory.CreateDirectory(checkoutPath);
            scratch = Directory.CreateTempSubdirectory("elastic-ci-job-");
            // The executor itself needs only PATH; each step gets the whole job environment, so it is not sent twice.
            executor = JobExecutor.Start(scratch.FullName, environment.Where(pair => pair.Key == "PATH").ToDictionary(), settings.Pty);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            Log.ProcessFailed(logger, job.Id, ex);
            await streamer.WriteAsync($"^^^ +++\nThe agent could not start the job: {ex.Message}\n", CancellationToken.None);
            return new JobResult(-1, null, null, 0);
        }

        Jobs.JobApi.JobApiServer jobApi;
        try
        {
            jobApi = Jobs.JobApi.JobApiServer.Start(scratch.FullName);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Log.ProcessFailed(logger, job.Id, ex);
            await executor.CloseAsync();
            executor.Dispose();
            await streamer.WriteAsync($"^^^ +++\nThe agent could not start the job API: {ex.Message}\n", CancellationToken.None);
            return new JobResult(-1, null, null, 0);
        }
        environment["BUILDKITE_AGENT_JOB_API_SOCKET"] = jobApi.SocketPath;
        environment["BUILDKITE_AGENT_JOB_API_TOKEN"] = jobApi.Token;
        await JobEnvFiles.WriteAsync(environment, scratch.FullName);

        await using (jobApi)
        using (executor)
        {
            // Secret values never reach the log, not even split across two reads of the pipe.
            // The bundle is fetched once, before any output, so every delivered value is redacted from the first byte.
            var fetched = await JobSecretsFetch.FetchAsync(environment, CancellationToken.None);
            var plan = fetched.Bundle is { } bundle ? SecretsDelivery.Plan(bundle, settings.RedactedVars) : null;
            var redactor = new Redactor(Redactor.SecretsOf(environment, settings.RedactedVars).Concat(plan?.Redactions ?? []));
            // Disposed on every way out: the job's ssh-agent never outlives the job.
            await using var secrets = new JobSecretsDelivery(fetched, plan);
            var pumping = PumpAsync(executor.Output, streamer, redactor);
            var context = new JobContext(executor, settings, cancellation, environment, checkoutPath) { Pending = jobApi.Environment };
            var phases = RunLifecycleAsync(job.Id, new JobLifecycle(context, plugins, secrets), executor, streamer);
            var sent = new List<int>(2);

            await Task.WhenAny(phases, cancellation.Requested);
            if (!phases.IsCompleted)
            {
                Log.Canceling(logger, job.Id, cancellation.Reason ?? "", settings.CancelGracePeriod);
                await streamer.WriteAsync($"\n# Job canceled ({cancellation.Reason}): sending SIGTERM\n", CancellationToken.None);
                // The whole group gets it; the executor itself survives it so post-command and pre-exit hooks still run.
                executor.SignalGroup(Signals.SigTerm);
                sent.Add(Signals.SigTerm);
                await Task.WhenAny(phases, Task.Delay(settings.CancelGracePeriod, timeProvider, CancellationToken.None));
                if (!phases.IsCompleted)
                {
                    await streamer.WriteAsync("\n# Grace period over: sending SIGKILL\n", CancellationToken.None);
                    executor.SignalGroup(Signals.SigKill);
                    sent.Add(Signals.SigKill);
                }
            }
            var exitCode = await phases;
            await executor.CloseAsync();

            // Nothing the job started may outlive it: background processes still in its group go now.
            executor.SignalGroup(Signals.SigKill, leaderFallback: false);
            try
            {
                await pumping.WaitAsync(settings.OutputDrainTimeout, timeProvider);
            }
            catch (TimeoutException)
            {
                // Something left the group (setsid, double fork) and still holds the pipe; the log ends here.
                Log.OutputAbandoned(logger, job.Id);
            }
            try
            {
                scratch.Delete(recursive: true);
            }
            catch (IOException)
            {
                // Temporary files only; the OS cleans them up eventually.
            }

            string? signal = null;
            foreach (var number in sent)
            {
                if (exitCode == 128 + number)
                {
                    signal = Signals.Name(number);
                }
            }
            Log.Exited(logger, job.Id, exitCode, signal);
            // A cancel that arrived as the job was exiting on its own changed nothing, so it is not reported.
            return new JobResult(exitCode, signal, sent.Count > 0 ? cancellation.Reason : null, 0);
        }
    }

    private async Task<int> RunLifecycleAsync(string jobId, JobLifecycle lifecycle, JobExecutor executor, LogStreamer streamer)
    {
        try
        {
            return await lifecycle.RunAsync();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Text.Json.JsonException)
        {
            // A broken build directory or step file: the job cannot go on, and nothing it started may stay.
            Log.ProcessFailed(logger, jobId, ex);
            executor.SignalGroup(Signals.SigKill);
            await streamer.WriteAsync($"^^^ +++\nThe agent could not run the job: {ex.Message}\n", CancellationToken.None);
            return -1;
        }
    }

    private static async Task PumpAsync(Stream output, LogStreamer streamer, Redactor redactor)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            int read;
            while ((read = await output.ReadAsync(buffer, CancellationToken.None)) > 0)
            {
                await streamer.WriteAsync(redactor.Write(buffer.AsSpan(0, read)), CancellationToken.None);
            }
            await streamer.WriteAsync(redactor.Flush(), CancellationToken.None);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or IOException)
        {
            // The pipe was abandoned after the drain timeout and closed under us; that output is dropped on purpose.
        }
    }

    private async Task<JobResult> FinishAsync(string jobId, JobResult result)
    {
        var request = new FinishJobRequest(result.ExitStatus, result.Signal, result.SignalReason, result.LogSize);
        try
        {
            await resilience.Finish.ExecuteAsync(async ct => await api.FinishJobAsync(jobId, request, ct), CancellationToken.None);
            Log.Finished(logger, jobId, result.ExitStatus);
        }
        catch (Exception ex)
        {
            // The coordinator will mark the job lost when the lease runs out; nothing else can be done here.
            Log.FinishFailed(logger, jobId, ex);
        }
        return result;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2211, Level = LogLevel.Warning, Message = "Job {JobId} failed the disk-space check: {Shortage}")]
        public static partial void DiskFull(ILogger logger, string jobId, string shortage);

        [LoggerMessage(EventId = 2201, Level = LogLevel.Information, Message = "Starting job {JobId} ({Label})")]
        public static partial void Starting(ILogger logger, string jobId, string label);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Error, Message = "Could not mark job {JobId} started")]
        public static partial void StartFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = 2203, Level = LogLevel.Information, Message = "Job {JobId} was canceled before it started")]
        public static partial void CanceledBeforeStart(ILogger logger, string jobId);

        [LoggerMessage(EventId = 2204, Level = LogLevel.Error, Message = "Could not start the process of job {JobId}")]
        public static partial void ProcessFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = 2205, Level = LogLevel.Information, Message = "Canceling job {JobId} ({Reason}); SIGKILL after {GracePeriod}")]
        public static partial void Canceling(ILogger logger, string jobId, string reason, TimeSpan gracePeriod);

        [LoggerMessage(EventId = 2206, Level = LogLevel.Warning, Message = "Job {JobId} left a process holding its output; the rest of its output is dropped")]
        public static partial void OutputAbandoned(ILogger logger, string jobId);

        [LoggerMessage(EventId = 2207, Level = LogLevel.Information, Message = "Job {JobId} exited with status {ExitStatus} (signal {Signal})")]
        public static partial void Exited(ILogger logger, string jobId, int exitStatus, string? signal);

        [LoggerMessage(EventId = 2208, Level = LogLevel.Information, Message = "Finished job {JobId} with exit status {ExitStatus}")]
        public static partial void Finished(ILogger logger, string jobId, int exitStatus);

        [LoggerMessage(EventId = 2209, Level = LogLevel.Error, Message = "Could not report job {JobId} finished; the coordinator will consider it lost")]
        public static partial void FinishFailed(ILogger logger, string jobId, Exception exception);

        [LoggerMessage(EventId = 2210, Level = LogLevel.Warning, Message = "Refused job {JobId}: {Reason}")]
        public static partial void Refused(ILogger logger, string jobId, string reason);
    }
}
