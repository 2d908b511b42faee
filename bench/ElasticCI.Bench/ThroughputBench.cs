using System.Diagnostics;
using System.Text;
using ElasticCI.Client;
using ElasticCI.Coordinator;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;
using ElasticCI.Protocol.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Bench;

/// <summary>
/// Dispatch throughput by build size: simulated agents over HTTP (register, then <c>jobs/next</c> → <c>start</c> →
/// <c>finish</c> back to back) against a real in-process coordinator on SQLite, with the jobs submitted as builds
/// of a given size of parallel <c>true</c> steps.
/// </summary>
internal static class ThroughputBench
{
    private static readonly TimeProvider Time = TimeProvider.System;

    /// <summary>One row of the table.</summary>
    internal sealed record Row(int BuildSize, int Builds, int Jobs, TimeSpan Elapsed, TimeSpan Cpu)
    {
        public double JobsPerSecond => Jobs / Elapsed.TotalSeconds;

        public double CpuPer1000 => Cpu.TotalSeconds * 1000 / Jobs;
    }

    public static Task<Row> RunAsync(int buildSize, int jobs, int agents, CancellationToken cancellationToken)
        => BenchCoordinator.RunAsync(TimeSpan.FromSeconds(25), app => MeasureAsync(app, buildSize, jobs, agents, cancellationToken), cancellationToken);

    private static async Task<Row> MeasureAsync(WebApplication app, int buildSize, int jobs, int agents, CancellationToken cancellationToken)
    {
        var url = new Uri(await app.Services.GetRequiredService<CoordinatorAddress>().Url + "/");
        var tokens = app.Services.GetRequiredService<TokenFiles>();
        var builds = Math.Max(1, (jobs + buildSize - 1) / buildSize);
        var total = builds * buildSize;
        var finished = 0;
        var allFinished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        using var agentsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clients = new List<HttpClient>();
        var loops = new List<Task>();
        try
        {
            for (var i = 0; i < agents; i++)
            {
                var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
                clients.Add(http);
                var agent = new AgentApiClient(http);
                var registered = await agent.RegisterAsync(tokens.AgentToken,
                    new RegisterAgentRequest($"bench-{i}", new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" }, null, "bench", Environment.ProcessId),
                    cancellationToken);
                loops.Add(HeartbeatLoopAsync(agent, TimeSpan.FromSeconds(registered.HeartbeatIntervalSeconds), agentsStop.Token));
                loops.Add(AgentLoopAsync(agent, http, buildSize, () =>
                {
                    if (Interlocked.Increment(ref finished) == total)
                    {
                        allFinished.TrySetResult();
                    }
                }, agentsStop.Token));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(500), Time, cancellationToken);

            // A pipeline document expands to at most 500 jobs: a bigger build starts with one job that uploads the rest.
            var pipeline = buildSize <= MaxPerDocument ? Steps(buildSize) : "steps:\n  - label: upload\n    command: \"true\"\n";
            using var submitHttp = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromMinutes(5) };
            var submitter = new CoordinatorClient(submitHttp, tokens.ApiToken);
            Console.Error.WriteLine($"[throughput] {builds} build(s) of {buildSize} jobs to {agents} agents...");

            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var started = Stopwatch.GetTimestamp();
            for (var i = 0; i < builds; i++)
            {
                await submitter.CreateBuildAsync(new CreateBuildRequest("bench", pipeline, Message: $"bench build {i}"), cancellationToken);
            }
            await allFinished.Task.WaitAsync(TimeSpan.FromMinutes(30), Time, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            return new Row(buildSize, builds, total, elapsed, cpu);
        }
        finally
        {
            await agentsStop.CancelAsync();
            await Task.WhenAll(loops);
            foreach (var http in clients)
            {
                http.Dispose();
            }
        }
    }

    private const int MaxPerDocument = 500;

    internal static string Steps(int count)
    {
        var yaml = new StringBuilder("steps:\n");
        for (var i = 0; i < count; i++)
        {
            yaml.Append("  - command: \"true\"\n");
        }
        return yaml.ToString();
    }

    /// <summary>The upload job of a big build: the rest of its jobs, in documents of at most 500.</summary>
    private static async Task UploadRestAsync(HttpClient http, JobAssignment job, int buildSize, CancellationToken cancellationToken)
    {
        var client = new JobApiClient(http, job.Env["BUILDKITE_AGENT_ACCESS_TOKEN"]);
        for (var left = buildSize - 1; left > 0; left -= MaxPerDocument)
        {
            await client.UploadPipelineAsync(new PipelineUploadRequest(Steps(Math.Min(left, MaxPerDocument)), null, null, false), cancellationToken);
        }
    }

    internal static async Task AgentLoopAsync(AgentApiClient agent, HttpClient http, int buildSize, Action onFinished, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await agent.NextJobAsync(cancellationToken);
                if (next.Action == AgentActions.Stop)
                {
                    return;
                }
                if (next.Job is { } job)
                {
                    await agent.StartJobAsync(job.Id, cancellationToken);
                    if (job.Label == "upload")
                    {
                        await UploadRestAsync(http, job, buildSize, cancellationToken);
                    }
                    await agent.FinishJobAsync(job.Id, new FinishJobRequest(0, null, null, 0), cancellationToken);
                    onFinished();
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    internal static async Task HeartbeatLoopAsync(AgentApiClient agent, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(every, Time);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await agent.HeartbeatAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public static void Write(TextWriter output, IReadOnlyList<Row> rows, int agents)
    {
        output.WriteLine($"## Dispatch throughput by build size ({agents} simulated agents over HTTP, SQLite, jobs of `true`)");
        output.WriteLine();
        output.WriteLine("| build size | builds | jobs | elapsed s | jobs/s | CPU s per 1,000 jobs |");
        output.WriteLine("|---:|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            output.WriteLine(FormattableString.Invariant(
                $"| {row.BuildSize} | {row.Builds} | {row.Jobs} | {row.Elapsed.TotalSeconds:0.0} | {row.JobsPerSecond:0} | {row.CpuPer1000:0.0} |"));
        }
        output.WriteLine();
        output.WriteLine("CPU is the bench process's (the coordinator runs in it, with the simulated agents' HTTP clients, a constant cost per job).");
    }
}
