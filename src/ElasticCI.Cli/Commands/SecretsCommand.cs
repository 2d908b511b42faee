using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// <c>elastic-ci secrets put|get|ls|rm|audit</c>: the coordinator's secret store, or with <c>--stack NAME</c> that stack's
/// <c>SecretsBucket</c> (through the coordinator, which holds the bucket credentials). Only <c>get</c> ever prints a value;
/// <c>ls</c> shows keys, sizes and dates.
/// </summary>
internal static class SecretsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
        => new("secrets", "Manage the secrets jobs receive (env files, ssh keys, git credentials, secret files)")
        {
            CreatePut(error),
            CreateGet(output, error),
            CreateList(output, error),
            CreateRemove(error),
            SecretsAuditCommand.Create(output, error),
        };

    private static Option<string?> PipelineOption()
        => new("--pipeline") { Description = "The pipeline's secrets: the key becomes PIPELINE/KEY" };

    private static Option<string?> StackOption()
        => new("--stack") { Description = "The SecretsBucket of this stack (the bucket its jobs read) instead of the coordinator's own store" };

    private static Command CreatePut(TextWriter error)
    {
        var client = new ClientOptions();
        var key = new Argument<string>("KEY");
        var file = new Argument<string?>("FILE") { Arity = ArgumentArity.ZeroOrOne, Description = "File holding the value; '-' or omitted reads standard input" };
        var pipeline = PipelineOption();
        var stack = StackOption();
        var put = new Command("put", "Create or replace a secret") { key, file, pipeline, stack };
        client.AddTo(put);
        put.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            byte[] value;
            var path = parse.GetValue(file);
            if (path is null or "-")
            {
                using var buffer = new MemoryStream();
                await using var input = Console.OpenStandardInput();
                await input.CopyToAsync(buffer, ct);
                value = buffer.ToArray();
            }
            else if (!File.Exists(path))
            {
                await error.WriteLineAsync($"elastic-ci: {path}: no such file");
                return CliApp.ExitUsage;
            }
            else
            {
                value = await File.ReadAllBytesAsync(path, ct);
            }
            await api.PutSecretAsync(parse.GetValue(key)!, parse.GetValue(pipeline), parse.GetValue(stack), value, ct);
            return CliApp.ExitOk;
        }));
        return put;
    }

    private static Command CreateGet(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var key = new Argument<string>("KEY");
        var pipeline = PipelineOption();
        var stack = StackOption();
        var get = new Command("get", "Print a secret's value") { key, pipeline, stack };
        client.AddTo(get);
        get.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var value = await api.GetSecretAsync(parse.GetValue(key)!, parse.GetValue(pipeline), parse.GetValue(stack), ct);
            await output.WriteAsync(Encoding.UTF8.GetString(value));
            await output.FlushAsync(ct);
            return CliApp.ExitOk;
        }));
        return get;
    }

    private static Command CreateList(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var pipeline = PipelineOption();
        var stack = StackOption();
        var list = new Command("ls", "List secrets: keys, sizes and dates, never values") { pipeline, stack };
        client.AddTo(list);
        list.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var prefix = parse.GetValue(pipeline) is { } slug ? slug.TrimEnd('/') + "/" : null;
            var secrets = await api.ListSecretsAsync(prefix, parse.GetValue(stack), ct);
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(secrets, ProtocolJsonContext.Default.SecretListDto));
                return CliApp.ExitOk;
            }
            foreach (var secret in secrets.Secrets)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{secret.Size,10}  {secret.UpdatedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {secret.Key}"));
            }
            return CliApp.ExitOk;
        }));
        return list;
    }

    private static Command CreateRemove(TextWriter error)
    {
        var client = new ClientOptions();
        var key = new Argument<string>("KEY");
        var pipeline = PipelineOption();
        var stack = StackOption();
        var remove = new Command("rm", "Delete a secret") { key, pipeline, stack };
        client.AddTo(remove);
        remove.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            await api.DeleteSecretAsync(parse.GetValue(key)!, parse.GetValue(pipeline), parse.GetValue(stack), ct);
            return CliApp.ExitOk;
        }));
        return remove;
    }
}
