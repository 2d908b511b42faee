using System.Text.RegularExpressions;
using ElasticCI.Coordinator.Dispatch;
using ElasticCI.Coordinator.Security;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Agents;
using ElasticCI.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator.Api;

/// <summary>The agent API (<c>/api/agent/v1</c>): register, long-poll for jobs, stream logs, finish, heartbeat, disconnect.</summary>
internal static partial class AgentEndpoints
{
    public const int MaxLogChunkBytes = 1024 * 1024;
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan StateCheckInterval = TimeSpan.FromSeconds(1);

    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        var root = routes.MapGroup("/api/agent/v1").WithTags("Agent API");
        root.MapPost("/register", RegisterAsync).WithName("RegisterAgent");

        var group = root.MapGroup("").AddEndpointFilter(AuthFilters.RequireAgentAsync);
        group.MapPost("/jobs/next", NextJobAsync).WithName("NextJob");
        group.MapPost("/jobs/{id}/start", StartAsync).WithName("StartJob");
        group.MapPost("/jobs/{id}/log", AppendLogAsync).WithName("AppendJobLog");
        group.MapPost("/jobs/{id}/finish", FinishAsync).WithName("FinishJob");
        group.MapPost("/heartbeat", HeartbeatAsync).WithName("Heartbeat");
        group.MapPost("/disconnect", DisconnectAsync).WithName("DisconnectAgent");
        return root;
    }

    private static async Task<Results<Ok<RegisterAgentResponse>, JsonHttpResult<ProblemDto>>> RegisterAsync(
        HttpContext http, RegisterAgentRequest? request, AgentRegistrationToken agentToken, SharedScopedAgentTokens scopedTokens, IAgentStore agents,
        IRegistrationCredentialStore credentials, IOptions<CoordinatorOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        var presented = AccessTokens.FromHeader(http.Request.Headers.Authorization);
        // The unnamed agent-token (shared by every replica with a shared store) registers agents on any queue; a named
        // one (agentTokens:) only on its queues.
        if (string.IsNullOrEmpty(presented))
        {
            return Problems.Of(StatusCodes.Status401Unauthorized, "A valid agent registration token is required (Authorization: Token <token>)");
        }
        var scope = await scopedTokens.MatchAsync(presented, cancellationToken);
        var longLived = scope is not null || AccessTokens.Same(presented, await agentToken.CurrentAsync(cancellationToken));
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return Problems.BadRequest(errors);
        }
        var instanceId = request!.InstanceId;
        if (scope is not null && ScopeRefusal(scope, request.Tags.GetValueOrDefault("queue") ?? "default") is { } refused)
        {
            return refused;
        }
        if (!longLived)
        {
            // A launched instance's credential: spent here (once per agent), and binding the agent to its instance and queue.
            var bound = await credentials.TrySpendRegistrationCredentialAsync(AccessTokens.Hash(presented!), time.GetUtcNow(), cancellationToken);
            if (bound is null)
            {
                return Problems.Of(StatusCodes.Status401Unauthorized, "A valid agent registration token is required (Authorization: Token <token>); an instance's credential registers each of its agents once, and expires");
            }
            var queue = request.Tags.GetValueOrDefault("queue") ?? "default";
            if (queue != bound.Queue || (instanceId is not null && instanceId != bound.InstanceId))
            {
                return Problems.Of(StatusCodes.Status403Forbidden, "This credential belongs to another instance or queue",
                    $"it registers agents of instance {bound.InstanceId} on queue {bound.Queue} only");
            }
            instanceId = bound.InstanceId;
        }
        var accessToken = AccessTokens.Create();
        var now = time.GetUtcNow();
        var id = Guid.CreateVersion7(now).ToString();
        var name = string.IsNullOrWhiteSpace(request.Name) ? $"agent-{id[^12..]}" : request.Name;
        var tags = new Dictionary<string, string>(request.Tags, StringComparer.Ordinal);
        tags.TryAdd("queue", "default");
        var agent = await agents.RegisterAsync(new NewAgent(id, name, AccessTokens.Hash(accessToken), tags, instanceId, request.Hostname, request.Pid, request.Priority, request.Version), now, cancellationToken);
        return TypedResults.Ok(new RegisterAgentResponse(agent.Id, agent.Name, accessToken,
            options.Value.HeartbeatInterval.TotalSeconds, options.Value.JobPollTimeout.TotalSeconds));
    }

    private static async Task<Ok<NextJobResponse>> NextJobAsync(
        HttpContext http, Dispatcher dispatcher, ScheduledQueuesProbe scheduled, IAgentStore agents, IBuildStore builds, IClusterSignal signal,
        IOptions<CoordinatorOptions> options, IHostApplicationLifetime lifetime, TimeProvider time, CancellationToken requestAborted)
    {
        // A held long-poll must not keep a stopping coordinator waiting for its poll timeout.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, lifetime.ApplicationStopping);
        var cancellationToken = linked.Token;
        var agentId = http.Agent().Id;
        // A busy agent asking for work never got the answer that gave it its job: hand that job over again.
        var asking = await agents.GetAgentAsync(agentId, cancellationToken);
        if (asking is not null && await dispatcher.TryRedeliverAsync(asking, builds, cancellationToken) is { } again)
        {
            return TypedResults.Ok(new NextJobResponse(AgentActions.Job, again));
        }
        var queue = asking?.Tags.GetValueOrDefault("queue") ?? "default";
        var deadline = time.GetUtcNow() + options.Value.JobPollTimeout;
        var stateCheckedAt = DateTimeOffset.MinValue;
        var woken = false;
        while (true)
        {
            // Take the signal before looking, so a job scheduled while we look still wakes us.
            var changed = signal.Changed;
            // Woken by a change, the agent claims only if its queue has a scheduled job: every waiting agent was woken
            // and they share one look (ScheduledQueuesProbe). The first look and the periodic re-check always claim.
            var look = !woken || await scheduled.MayHaveWorkAsync(changed, queue, cancellationToken);
            // The dispatcher checks that the agent is idle; only when it finds nothing do we ask why.
            if (look && await dispatcher.TryAssignAsync(agentId, cancellationToken) is { } assignment)
            {
                // No signal here: a claim moves a job from scheduled to assigned, so demand (scheduled + running) is
                // unchanged, and waking every other waiting agent would only slow the next dispatch.
                return TypedResults.Ok(new NextJobResponse(AgentActions.Job, assignment));
            }
            // Whether the agent must stop (drained, lost) is looked up at most once a second: every pulse wakes every
            // waiting agent, and an extra store round-trip per wake-up would slow dispatch for all of them.
            if (time.GetUtcNow() - stateCheckedAt >= StateCheckInterval)
            {
                stateCheckedAt = time.GetUtcNow();
                var agent = await agents.GetAgentAsync(agentId, cancellationToken);
                if (agent is null || agent.State != AgentState.Idle.ToName())
                {
                    return TypedResults.Ok(new NextJobResponse(AgentActions.Stop, null));
                }
            }
            var remaining = deadline - time.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return TypedResults.Ok(new NextJobResponse(AgentActions.None, null));
            }
            // The periodic re-check covers changes made by another coordinator replica sharing the store.
            var wait = remaining < RecheckInterval ? remaining : RecheckInterval;
            woken = await Task.WhenAny(changed, Task.Delay(wait, time, cancellationToken)) == changed;
            if (lifetime.ApplicationStopping.IsCancellationRequested)
            {
                return TypedResults.Ok(new NextJobResponse(AgentActions.None, null));
            }
            requestAborted.ThrowIfCancellationRequested();
        }
    }

    private static async Task<Results<Ok, JsonHttpResult<ProblemDto>>> StartAsync(
        HttpContext http, string id, IJobStore jobs, TimeProvider time, CancellationToken cancellationToken)
        => await jobs.StartAsync(id, http.Agent().Id, time.GetUtcNow(), cancellationToken) switch
        {
            StartOutcome.Started => TypedResults.Ok(),
            StartOutcome.Canceled => Problems.Conflict("The job was canceled before it started; do not run it."),
            _ => Problems.NotFound($"Job {id} assigned to this agent"),
        };

    private static async Task<Results<Ok<LogAppendResponse>, JsonHttpResult<ProblemDto>>> AppendLogAsync(
        HttpContext http, string id, long? sequence, long? offset, IJobStore jobs, IOptions<CoordinatorOptions> options, CancellationToken cancellationToken)
    {
        if (sequence is not >= 0 || offset is not >= 0)
        {
            return Problems.BadRequest(["sequence and offset are required non-negative integers"]);
        }
        if (http.Request.ContentLength is > MaxLogChunkBytes)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"A log chunk may be at most {MaxLogChunkBytes} bytes");
        }
        using var body = new MemoryStream();
        await http.Request.Body.CopyToAsync(body, cancellationToken);
        if (body.Length > MaxLogChunkBytes)
        {
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, $"A log chunk may be at most {MaxLogChunkBytes} bytes");
        }
        var result = await jobs.AppendLogAsync(id, http.Agent().Id, sequence.Value, offset.Value, body.GetBuffer().AsMemory(0, (int)body.Length), options.Value.MaxJobLogBytes, cancellationToken);
        return result.Outcome switch
        {
            LogAppendOutcome.Gap => Problems.Conflict($"Chunk {sequence} starts at offset {offset}, but the log has {result.NextOffset} bytes."),
            // Not (or no longer) this agent's running job, e.g. it was declared lost: tell the agent to stop it.
            _ => TypedResults.Ok(new LogAppendResponse(result.NextOffset, result.Cancel)),
        };
    }

    private static async Task<Results<Ok, JsonHttpResult<ProblemDto>>> FinishAsync(
        HttpContext http, string id, FinishJobRequest? request, IJobStore jobs, TimeProvider time, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Problems.BadRequest(["a JSON body with exitStatus is required"]);
        }
        var outcome = await jobs.FinishAsync(id, http.Agent().Id, request.ExitStatus, request.Signal, request.SignalReason, time.GetUtcNow(), cancellationToken);
        return outcome switch
        {
            FinishOutcome.NotYours => Problems.Conflict($"Job {id} is not assigned to this agent."),
            // A result for a job the agent never started is not believed: the job is not marked passed or failed.
            FinishOutcome.NotStarted => Problems.Conflict($"Job {id} was never started; start it before reporting its result."),
            _ => TypedResults.Ok(),
        };
    }

    private static async Task<Ok<HeartbeatResponse>> HeartbeatAsync(HttpContext http, IAgentStore agents, TimeProvider time, CancellationToken cancellationToken)
    {
        var (agent, cancel) = await agents.HeartbeatAsync(http.Agent().Id, time.GetUtcNow(), cancellationToken);
        var action = agent.State == AgentState.Draining.ToName() || !AgentStates.Parse(agent.State).IsConnected() ? AgentActions.Stop : AgentActions.Continue;
        return TypedResults.Ok(new HeartbeatResponse(action, cancel));
    }

    private static async Task<NoContent> DisconnectAsync(HttpContext http, IAgentStore agents, TimeProvider time, CancellationToken cancellationToken)
    {
        await agents.DisconnectAsync(http.Agent().Id, time.GetUtcNow(), cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>The refusal of an agent on <paramref name="queue"/> for a token scoped to other queues; null when the queue is in its scope.</summary>
    private static JsonHttpResult<ProblemDto>? ScopeRefusal(AgentTokenScope scope, string queue)
        => scope.Queues.Contains(queue, StringComparer.Ordinal) ? null
            : Problems.Of(StatusCodes.Status403Forbidden, $"This registration token may not register agents on queue '{queue}'",
                $"the agent token '{scope.Name}' registers agents on queue(s) {string.Join(", ", scope.Queues)} only (agentTokens in elastic-ci.yml); start the agent with --queue set to one of them, or use a token scoped to '{queue}'");

    private static List<string> Validate(RegisterAgentRequest? request)
    {
        var errors = new List<string>();
        if (request is null)
        {
            errors.Add("a JSON body is required");
            return errors;
        }
        if (request.Name is { Length: > 100 })
        {
            errors.Add("name must be at most 100 characters");
        }
        if (request.Version is { } version && (version.Length is 0 or > 100 || version.Any(char.IsControl)))
        {
            errors.Add("version must be 1 to 100 characters without control characters");
        }
        if (request.Tags is null)
        {
            errors.Add("tags is required (an object, may be empty)");
            return errors;
        }
        if (request.Tags.Count > 50)
        {
            errors.Add("at most 50 tags");
        }
        foreach (var (key, value) in request.Tags)
        {
            if (!TagKey().IsMatch(key))
            {
                errors.Add($"tag key '{key}' must be letters, digits, '_', '-' or '.' (at most 100)");
            }
            if (value is null || value.Length > 200)
            {
                errors.Add($"tag '{key}' must have a value of at most 200 characters");
            }
        }
        return errors;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,100}$")]
    private static partial Regex TagKey();
}
