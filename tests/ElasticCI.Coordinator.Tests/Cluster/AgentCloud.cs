using System.Collections.Concurrent;
using ElasticCI.Client;
using ElasticCI.Coordinator.Tests.Compute;
using ElasticCI.Protocol.Agents;

namespace ElasticCI.Coordinator.Tests.Cluster;

/// <summary>
/// Pretend cloud machines that outlive the coordinator that launched them, each running one agent over the real agent
/// HTTP API: it registers with its instance's credential, heartbeats, takes jobs, holds each until the test releases the
/// jobs, and finishes it with exit status 0. It records every job it was handed, so a test can see whether one ran twice.
/// </summary>
internal sealed class AgentCloud : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _agents = [];
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The machines, shared by the providers of every replica (as one cloud account is).</summary>
    public FakeCloud Cloud { get; } = new();

    /// <summary>Every job id an agent was handed, in order; a job handed out twice appears twice.</summary>
    public ConcurrentQueue<string> JobsHanded { get; } = new();

    /// <summary>Jobs an agent has started and holds now.</summary>
    public int Holding => _holding;

    /// <summary>Agent failures (an HTTP error other than the coordinator shutting down), for the test to report.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    private int _holding;

    /// <summary>Lets every held job, and every later one, finish.</summary>
    public void ReleaseJobs() => _release.TrySetResult();

    /// <summary>Starts the agent of a machine that was just launched (called by <see cref="AgentCloudProvider"/>).</summary>
    public void Boot(string instanceId, string queue, string url, string credential)
        // The agent talks to the coordinator only over HTTP, like a real machine's; it stops when the cloud is disposed.
        => _agents.Add(Task.Run(() => RunAgentAsync(instanceId, queue, url, credential, _stop.Token)));

    private async Task RunAgentAsync(string instanceId, string queue, string url, string credential, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromMinutes(2) };
        var agent = new AgentApiClient(http);
        try
        {
            await agent.RegisterAsync(credential, new RegisterAgentRequest(instanceId, new Dictionary<string, string> { ["queue"] = queue },
                instanceId, "agent-cloud", Environment.ProcessId), cancellationToken);
            using var heartbeats = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var beating = HeartbeatAsync(agent, heartbeats.Token);
            while (!cancellationToken.IsCancellationRequested)
            {
                var next = await agent.NextJobAsync(cancellationToken);
                if (next.Action == AgentActions.Stop)
                {
                    break;
                }
                if (next.Job is not { } job)
                {
                    continue;
                }
                JobsHanded.Enqueue(job.Id);
                if (!await agent.StartJobAsync(job.Id, cancellationToken))
                {
                    continue;
                }
                Interlocked.Increment(ref _holding);
                await _release.Task.WaitAsync(cancellationToken);
                Interlocked.Decrement(ref _holding);
                await agent.FinishJobAsync(job.Id, new FinishJobRequest(0, null, null, 0), cancellationToken);
            }
            await heartbeats.CancelAsync();
            await beating;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (ex is HttpRequestException or CoordinatorException or TaskCanceledException)
        {
            Errors.Enqueue($"{instanceId}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task HeartbeatAsync(AgentApiClient agent, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await agent.HeartbeatAsync(cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or CoordinatorException)
            {
                // The next beat tries again; a coordinator that is stopping answers nothing.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_agents).WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stop.Dispose();
    }
}
