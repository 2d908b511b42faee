using System.CommandLine;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Scaling;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci stack interrupt INSTANCE [--in 120s]</c>: deliver a spot interruption notice, as EC2 would.</summary>
internal static class StackInterruptCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var instance = new Argument<string>("instance") { Description = "Instance id (see `stack status`)" };
        var notice = new Option<string>("--in") { Description = "Time until the instance is terminated: 120s, 2m or seconds (default 120s)" };
        var command = new Command("interrupt", "Send a spot interruption notice: the instance stops taking work, its jobs move elsewhere, it ends at the deadline")
        {
            instance, notice,
        };
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            // Checked here too, so a typo is refused without a round trip and nothing changes.
            if (!NoticeDuration.TryParse(parse.GetValue(notice), out _, out var problem))
            {
                await error.WriteLineAsync($"elastic-ci: {problem}");
                return CliApp.ExitUsage;
            }
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var result = await api.InterruptInstanceAsync(parse.GetValue(instance)!, parse.GetValue(notice), cancellationToken);
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, ProtocolJsonContext.Default.InstanceInterruptionDto));
                return CliApp.ExitOk;
            }
            await output.WriteLineAsync(
                $"Instance {result.InstanceId} ({result.Stack}) interrupted: no new work; replacement launching; jobs still running at {result.CancelJobsAt:HH:mm:ss} are retried elsewhere; terminated at {result.Deadline:HH:mm:ss}");
            return CliApp.ExitOk;
        }));
        return command;
    }
}
