using ElasticCI.Client;
using ElasticCI.Coordinator;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol.Agents;
using ElasticCI.Protocol.Builds;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace ElasticCI.Bench;

/// <summary>Runs one dispatch-latency measurement against a real in-process coordinator on SQLite.</summary>
internal static class DispatchBench
{
    private const string Pipeline = "steps:\n  - command: \"true\"\n";
    private static readonly TimeProvider Time = TimeProvider.System;

    public static Task<BenchResult> RunAsync(BenchRun run, CancellationToken cancellationToken)
        => BenchCoordinator.RunAsync(run.JobPollTimeout, run.Store, app => MeasureAsync(app, run, cancellationToken), cancellationToken);

    private static async Task<BenchResult> MeasureAsync(WebApplication app, BenchRun run, CancellationToken cancellationToken)
    {
        var url = new Uri(await app.Services.GetRequiredService<CoordinatorAddress>().Url + "/");
        var tokens = app.Services.GetRequiredService<TokenFiles>();
        var state = new RunState(run.Jobs);

        using var agentsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clients = new List<HttpClient>();
        var loops = new List<Task>();
        try
        {
            for (var i = 0; i < run.Agents; i++)
            {
                var http = new HttpClient { BaseAddress = url, Timeout = run.JobPollTimeout + TimeSpan.FromSeconds(30) };
                clients.Add(http);
                var agent = new AgentApiClient(http);
                var registered = await agent.RegisterAsync(tokens.AgentToken,
                    new RegisterAgentRequest($"bench-{i}", new Dictionary<string, string>(StringComparer.Ordinal) { ["queue"] = "default" }, null, "bench", Environment.ProcessId),
                    cancellationToken);
                var heartbeat = TimeSpan.FromSeconds(registered.HeartbeatIntervalSeconds);
                loops.Add(HeartbeatLoopAsync(agent, heartbeat, agentsStop.Token));
                loops.Add(run.PollInterval is { } every
                    ? PollerLoopAsync(agent, state, every, agentsStop.Token)
                    : LongPollLoopAsync(agent, state, agentsStop.Token));
            }
            // Let every long-poll reach the coordinator before the first job.
            await Task.Delay(TimeSpan.FromMilliseconds(500), Time, cancellationToken);

            using var submitHttp = new HttpClient { BaseAddress = url };
            var submitter = new CoordinatorClient(submitHttp, tokens.ApiToken);
            Console.Error.WriteLine(run.PollInterval is null
                ? $"[{run.Name}] submitting {run.Jobs} jobs, one every {run.Interval.TotalMilliseconds:0} ms, to {run.Agents} agents..."
                : $"[{run.Name}] submitting {run.Jobs} jobs one at a time to {run.Agents} agents (about 1.8 s each)...");
            var submittedWhileBusy = 0;
            var first = Time.GetUtcNow();
            for (var i = 0; i < run.Jobs; i++)
            {
                if (run.PollInterval is { } tick)
                {
                    // Poller baseline: one job at a time, so no job waits behind another (agents are idle when
                    // it arrives); a random gap of up to tick / agents decorrelates it from the last agent's tick.
                    while (state.ReceivedCount < i)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(2), Time, cancellationToken);
                    }
                    await Task.Delay(tick / run.Agents * Random.Shared.NextDouble(), Time, cancellationToken);
                }
                else
                {
                    var wait = first + run.Interval * i - Time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, Time, cancellationToken);
                    }
                }
                if (state.Busy >= run.Agents)
                {
                    submittedWhileBusy++;
                }
                var submittedAt = Time.GetUtcNow();
                var build = await submitter.CreateBuildAsync(new CreateBuildRequest("bench", Pipeline, Message: $"bench job {i}"), cancellationToken);
                var job = build.Jobs.Single();
                var timing = state.For(job.Id);
                lock (timing)
                {
                    timing.SubmittedAt = submittedAt;
                    timing.ScheduledAt = job.Times.ScheduledAt
                        ?? throw new InvalidOperationException($"Job {job.Id} is {job.State}, not scheduled, right after its build was created.");
                }
            }
            var drain = (run.PollInterval ?? TimeSpan.Zero) * 2 + TimeSpan.FromSeconds(30);
            await state.AllReceived.WaitAsync(drain, Time, cancellationToken);

            var timings = state.Jobs.Values.ToList();
            var last = timings.Max(t => t.ReceivedAt!.Value);
            var latencies = timings.Select(t => (t.ReceivedAt!.Value - t.ScheduledAt!.Value).TotalMilliseconds).Order().ToArray();
            var submitToReceive = timings.Select(t => (t.ReceivedAt!.Value - t.SubmittedAt!.Value).TotalMilliseconds).Order().ToArray();
            var lastSubmit = timings.Max(t => t.SubmittedAt!.Value);
            return new BenchResult(run, latencies, submitToReceive, last - first, lastSubmit - first, submittedWhileBusy);
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

    /// <summary>An idle ElasticCI agent: long-polls back to back; a job comes back as soon as it is scheduled.</summary>
    private static async Task LongPollLoopAsync(AgentApiClient agent, RunState state, CancellationToken cancellationToken)
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
                    await RunJobAsync(agent, state, job, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// A Buildkite-classic-style agent: asks for work only at its ping tick (random phase), never in between.
    /// The coordinator's poll timeout is short for this run, so a tick with nothing to do costs at most that much.
    /// </summary>
    private static async Task PollerLoopAsync(AgentApiClient agent, RunState state, TimeSpan every, CancellationToken cancellationToken)
    {
        try
        {
            var tick = Time.GetUtcNow() + every * Random.Shared.NextDouble();
            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = tick - Time.GetUtcNow();
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, Time, cancellationToken);
                }
                var next = await agent.NextJobAsync(cancellationToken);
                if (next.Action == AgentActions.Stop)
                {
                    return;
                }
                if (next.Job is { } job)
                {
                    await RunJobAsync(agent, state, job, cancellationToken);
                }
                // Like a Go ticker: ticks missed while busy are dropped, the phase stays.
                var now = Time.GetUtcNow();
                while (tick <= now)
                {
                    tick += every;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private static async Task RunJobAsync(AgentApiClient agent, RunState state, JobAssignment job, CancellationToken cancellationToken)
    {
        state.Received(job.Id, Time.GetUtcNow());
        try
        {
            await agent.StartJobAsync(job.Id, cancellationToken);
            await agent.FinishJobAsync(job.Id, new FinishJobRequest(0, null, null, 0), cancellationToken);
        }
        finally
        {
            state.Idle();
        }
    }

    /// <summary>Keeps the agent from being reaped as lost during long runs.</summary>
    private static async Task HeartbeatLoopAsync(AgentApiClient agent, TimeSpan every, CancellationToken cancellationToken)
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
}
