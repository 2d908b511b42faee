using System.CommandLine;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci stack status</c>: desired and actual instances, agents, and recent scaling events with reasons.</summary>
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
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(stacks, ProtocolJsonContext.Default.StackListDto));
                return CliApp.ExitOk;
            }
            foreach (var stack in stacks.Stacks)
            {
                await output.WriteLineAsync($"Stack {stack.Name} (queue {stack.Queue}, {stack.Provider}): desired {stack.Desired}, actual {stack.Actual}, size {stack.MinSize}..{stack.MaxSize}, {stack.AgentsPerInstance} agents/instance");
                foreach (var instance in stack.Instances)
                {
                    var agents = string.Join(", ", instance.Agents.Select(a => $"{a.Name}={a.State}"));
                    await output.WriteLineAsync($"  {instance.Id,-28} {instance.State,-11} {agents}");
                }
                await output.WriteLineAsync("  Recent scaling events:");
                foreach (var e in stack.Events.Take(10))
                {
                    await output.WriteLineAsync($"    {e.At:HH:mm:ss} {e.Action,-10} {e.InstanceId} {e.Reason}");
                }
            }
            return CliApp.ExitOk;
        }));
        return new Command("stack", "Stack commands") { status };
    }
}
