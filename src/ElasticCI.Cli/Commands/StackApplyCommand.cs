using System.CommandLine;
using System.Text.Json;
using ElasticCI.Client;
using ElasticCI.Protocol.Stacks;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci stack apply FILE</c>: apply a new <c>elastic-ci.yml</c> to the running coordinator; every problem is listed and nothing changes (exit 2).</summary>
internal static class StackApplyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var file = new Argument<string>("file") { Description = "The elastic-ci.yml to apply" };
        var apply = new Command("apply", "Apply a new stack configuration without restarting the coordinator") { file };
        client.AddTo(apply);
        apply.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            var path = parse.GetValue(file)!;
            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"elastic-ci: {path} does not exist");
                return CliApp.ExitUsage;
            }
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            StackApplyResultDto result;
            try
            {
                result = await api.ApplyStackConfigAsync(new ApplyStackConfigRequest(await File.ReadAllTextAsync(path, cancellationToken), Path.GetFileName(path)), cancellationToken);
            }
            catch (CoordinatorException ex) when (ex.StatusCode == System.Net.HttpStatusCode.BadRequest)
            {
                await error.WriteLineAsync($"elastic-ci: {ex.Message.Replace("\n", "\nelastic-ci: ", StringComparison.Ordinal)}");
                await error.WriteLineAsync("elastic-ci: the configuration was refused; nothing was changed");
                return CliApp.ExitUsage;
            }
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(result, StackConfigJsonContext.Default.StackApplyResultDto));
                return CliApp.ExitOk;
            }
            await output.WriteLineAsync($"Applied: {result.Added.Count} added, {result.Changed.Count} changed, {result.Removed.Count} removed, {result.Unchanged.Count} unchanged");
            foreach (var line in result.Details)
            {
                await output.WriteLineAsync($"  {line}");
            }
            return CliApp.ExitOk;
        }));
        return apply;
    }
}
