using System.Collections;
using ElasticCI.Agent.Api;
using ElasticCI.Agent.Interop;
using ElasticCI.Agent.Jobs.DiskSpace;
using ElasticCI.Agent.Jobs.Plugins;
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

    /// <summary>The job's phases on this agent, in order: admit, start the processes, run with cancel watch, clean up, report.</summary>
    private async Task<JobResult> RunPhasesAsync(JobAssignment job, LogStreamer streamer, JobCancellation cancellation)
    {
        var checkoutPath = Path.Combine(settings.BuildPath, AgentNames.PathSegment(settings.AgentName), AgentNames.PathSegment(job.PipelineSlug));
        var environment = JobEnvironment.Build(InheritedEnvironment(), job, settings, checkoutPath);
        var (plugins, refused) = await AdmitAsync(job.Id, environment, checkoutPath, streamer);
        if (refused is not null)
        {
            return refused;
        }
        var (processes, failed) = await StartProcessesAsync(job.Id, environment, checkoutPath, streamer);
        if (processes is null)
        {
            return failed!;
        }
        environment["BUILDKITE_AGENT_JOB_API_SOCKET"] = processes.JobApi.SocketPath;
        environment["BUILDKITE_AGENT_JOB_API_TOKEN"] = processes.JobApi.Token;
        await JobEnvFiles.WriteAsync(environment, processes.Scratch.FullName);

        await using (processes.JobApi)
        using (processes.Executor)
        {
            // Secret values never reach the log, not even split across two reads of the pipe.
            // The bundle is fetched once, before any output, so every delivered value is redacted from the first byte.
            var fetched = await JobSecretsFetch.FetchAsync(environment, CancellationToken.None);
            var plan = fetched.Bundle is { } bundle ? SecretsDelivery.Plan(bundle, settings.RedactedVars) : null;
            var redactor = new Redactor(Redactor.SecretsOf(environment, settings.RedactedVars).Concat(plan?.Redactions ?? []));
            // As the Buildkite agent does: a value `env set` gives a variable named like a secret is redacted from then on.
            processes.JobApi.Environment.ValuesSet = values => redactor.Add(Redactor.SecretsOf(values, settings.RedactedVars));
            // Disposed on every way out: the job's ssh-agent never outlives the job.
            await using var secrets = new JobSecretsDelivery(fetched, plan);
            var pumping = PumpAsync(processes.Executor.Output, streamer, redactor);
            var context = new JobContext(processes.Executor, settings, cancellation, environment, checkoutPath) { Pending = processes.JobApi.Environment, StartedAt = timeProvider.GetUtcNow() };
            var memory = MemoryLimitWatch.Start(settings.MemoryCgroup);
            var phases = RunLifecycleAsync(job.Id, new JobLifecycle(context, plugins, secrets), processes.Executor, streamer);

            var sent = await WatchForCancelAsync(job.Id, phases, processes.Executor, streamer, cancellation);
            var exitCode = await phases;
            await CleanUpAsync(job.Id, processes, pumping);
            if (memory.Report() is { } hit)
            {
                await streamer.WriteAsync(hit, CancellationToken.None);
            }
            return Outcome(job.Id, exitCode, sent, cancellation);
        }
    }

    /// <summary>The agent's policy (allow-lists, plugins) and the disk-space gate; a refused job reports why and never starts a process.</summary>
    private async Task<(List<PluginReference> Plugins, JobResult? Refused)> AdmitAsync(
        string jobId, Dictionary<string, string> environment, string checkoutPath, LogStreamer streamer)
    {
        if (JobPolicy.Refusal(environment, settings, out var plugins) is { } refusal)
        {
            Log.Refused(logger, jobId, refusal);
            await streamer.WriteAsync($"^^^ +++\nThis agent refused the job: {refusal}\n", CancellationToken.None);
            return (plugins, new JobResult(-1, null, SignalReasons.AgentRefused, 0));
        }
        if (await DiskSpaceGate.RunAsync(settings, checkoutPath, streamer) is { } diskFull)
        {
            Log.DiskFull(logger, jobId, diskFull);
            return (plugins, new JobResult(1, null, null, 0));
        }
        return (plugins, null);
    }

    /// <summary>The job's scratch directory, its executor (one process group) and its job API socket; on failure nothing is left running.</summary>
    private async Task<(JobProcesses? Processes, JobResult? Failed)> StartProcessesAsync(
        string jobId, Dictionary<string, string> environment, string checkoutPath, LogStreamer streamer)
    {
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
            Log.ProcessFailed(logger, jobId, ex);
            await streamer.WriteAsync($"^^^ +++\nThe agent could not start the job: {ex.Message}\n", CancellationToken.None);
            return (null, new JobResult(-1, null, null, 0));
        }

        // Before the executor runs anything: whatever the job forks counts against the jobs' share of the pids limit.
        if (JobsCgroup.Join(settings.JobsCgroup, executor.ProcessGroupId) is { } notJoined)
        {
            await streamer.WriteAsync($"~~~ The job stays in its instance's cgroup (could not join the jobs group: {notJoined})\n", CancellationToken.None);
        }
        try
        {
            return (new JobProcesses(scratch, executor, Jobs.JobApi.JobApiServer.Start(scratch.FullName)), null);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or UnauthorizedAccessException)
        {
            Log.ProcessFailed(logger, jobId, ex);
            await executor.CloseAsync();
            executor.Dispose();
            await streamer.WriteAsync($"^^^ +++\nThe agent could not start the job API: {ex.Message}\n", CancellationToken.None);
            return (null, new JobResult(-1, null, null, 0));
        }
    }

    /// <summary>Waits for the phases; on a cancel, SIGTERM to the group, then SIGKILL after the grace period. Returns the signals sent.</summary>
    private async Task<List<int>> WatchForCancelAsync(string jobId, Task<int> phases, JobExecutor executor, LogStreamer streamer, JobCancellation cancellation)
    {
        var sent = new List<int>(2);
        await Task.WhenAny(phases, cancellation.Requested);
        if (phases.IsCompleted)
        {
            return sent;
        }
        Log.Canceling(logger, jobId, cancellation.Reason ?? "", settings.CancelGracePeriod);
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
        return sent;
    }

    /// <summary>Closes the executor, kills whatever the job left in its group, drains its output and removes the scratch directory.</summary>
    private async Task CleanUpAsync(string jobId, JobProcesses processes, Task pumping)
    {
        await processes.Executor.CloseAsync();
        // Nothing the job started may outlive it: background processes still in its group go now.
        processes.Executor.SignalGroup(Signals.SigKill, leaderFallback: false);
        try
        {
            await pumping.WaitAsync(settings.OutputDrainTimeout, timeProvider);
        }
        catch (TimeoutException)
        {
            // Something left the group (setsid, double fork) and still holds the pipe; the log ends here.
            Log.OutputAbandoned(logger, jobId);
        }
        try
        {
            processes.Scratch.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Temporary files only; the OS cleans them up eventually.
        }
    }

    /// <summary>The result to report: a signal only when we sent it and the exit status says it killed the job.</summary>
    private JobResult Outcome(string jobId, int exitCode, List<int> sent, JobCancellation cancellation)
    {
        string? signal = null;
        foreach (var number in sent)
        {
            if (exitCode == 128 + number)
            {
                signal = Signals.Name(number);
            }
        }
        Log.Exited(logger, jobId, exitCode, signal);
        // A cancel that arrived as the job was exiting on its own changed nothing, so it is not reported.
        return new JobResult(exitCode, signal, sent.Count > 0 ? cancellation.Reason : null, 0);
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

    private sealed record JobProcesses(DirectoryInfo Scratch, JobExecutor Executor, Jobs.JobApi.JobApiServer JobApi);
}
