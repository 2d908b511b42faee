using System.CommandLine;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// <c>elastic-ci stack status</c>: desired and actual instances, agents, and recent scaling events with reasons.
/// <c>elastic-ci stack activity</c>: the scaling events (decisions with their inputs, launches, drains, exits), newest first.
/// </summary>
internal static class StackCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var status = new Command("status", "Show each stack's instances, agents and scaling events");
        client.AddTo(status);
        status.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var stacks = await api.GetStacksAsync(cancellationToken);
            stacks = stacks with { Cluster = await ReplicaLine.TryGetClusterAsync(api, cancellationToken) };
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(stacks, ProtocolJsonContext.Default.StackListDto));
                return CliApp.ExitOk;
            }
            if (stacks.Cluster is { } cluster)
            {
                await output.WriteLineAsync(ReplicaLine.Describe(cluster));
            }
            foreach (var stack in stacks.Stacks)
            {
                await output.WriteLineAsync($"Stack {stack.Name} (queue {stack.Queue}, {stack.Provider}): desired {stack.Desired}, actual {stack.Actual}, size {stack.MinSize}..{stack.MaxSize}, {stack.AgentsPerInstance} agents/instance, isolation {stack.Isolation ?? "-"}{(stack.Removing ? ", REMOVED: draining" : "")}");
                if (stack.ProviderSettings is { Count: > 0 } settings)
                {
                    await output.WriteLineAsync($"  {stack.Provider} settings: {string.Join(", ", settings.Select(s => $"{s.Key}={s.Value}"))}");
                }
                await output.WriteLineAsync(StackRolloutText.Describe(stack));
                foreach (var instance in stack.Instances)
                {
                    var agents = string.Join(", ", instance.Agents.Select(a => $"{a.Name}={a.State}"));
                    var notice = instance.InterruptionDeadline is { } deadline ? $" (interrupted: terminated at {deadline:HH:mm:ss})" : "";
                    await output.WriteLineAsync($"  {instance.Id,-28} {instance.State,-11} {instance.Lifecycle,-9} {instance.Revision ?? "-",-12}{(instance.Outdated ? " outdated" : "")} {agents}{notice}");
                }
                await output.WriteLineAsync("  Recent scaling events:");
                foreach (var e in stack.Events.Take(10))
                {
                    await output.WriteLineAsync($"    {e.At:HH:mm:ss} {e.Action,-10} {e.InstanceId} {e.Reason}");
                }
            }
            foreach (var queue in stacks.UnservedQueues)
            {
                await output.WriteLineAsync($"Warning: {queue.Message}");
            }
            return CliApp.ExitOk;
        }));
        return new Command("stack", "Stack commands")
        {
            status, CreateActivity(output, error), StackApplyCommand.Create(output, error), StackInterruptCommand.Create(output, error),
        };
    }

    private static Command CreateActivity(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var stackOption = new Option<string>("--stack") { Description = "Only this stack (default: every stack)" };
        var limit = new Option<int>("--limit") { Description = "Most events to show", DefaultValueFactory = _ => 50 };
        var activity = new Command("activity", "List scaling events with their inputs and reasons, newest first") { stackOption, limit };
        client.AddTo(activity);
        activity.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var result = await api.GetStackActivityAsync(parse.GetValue(stackOption), parse.GetValue(limit), cancellationToken);
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, ProtocolJsonContext.Default.StackActivityDto));
                return CliApp.ExitOk;
            }
            if (result.Events.Count == 0)
            {
                await output.WriteLineAsync("No scaling events yet.");
            }
            // Columns as wide as their longest value, so spot-interruption, spot-cancel-jobs and the like stay aligned.
            var stackWidth = result.Events.Select(e => e.Stack.Length).DefaultIfEmpty(0).Max();
            var actionWidth = result.Events.Select(e => e.Action.Length).DefaultIfEmpty(0).Max();
            var instanceWidth = result.Events.Select(e => (e.InstanceId ?? "-").Length).DefaultIfEmpty(0).Max();
            foreach (var e in result.Events)
            {
                await output.WriteLineAsync(
                    $"{e.At:yyyy-MM-dd HH:mm:ss} {e.Stack.PadRight(stackWidth)} {e.Action.PadRight(actionWidth)} {(e.InstanceId ?? "-").PadRight(instanceWidth)} {e.Reason}");
            }
            return CliApp.ExitOk;
        }));
        return activity;
    }
}
