using System.CommandLine;
using System.Net.Sockets;
using System.Text.Json;
using ElasticCI.Protocol.JobApi;

namespace ElasticCI.InJob;

/// <summary>
/// <c>buildkite-agent env get [NAME...] [--format plain|json|json-pretty]</c>, <c>env set NAME=VALUE...</c>,
/// <c>env unset NAME...</c>: read and change the job's environment for its later hooks and phases, through the
/// agent's local job API; <c>env dump [--format json|json-pretty]</c>: this process's own environment as one JSON
/// object, as the Buildkite agent prints it (no job API needed).
/// </summary>
internal static class EnvCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var getNames = new Argument<string[]>("NAME") { Arity = ArgumentArity.ZeroOrMore, Description = "Variables to print (default: all)" };
        var format = new Option<string>("--format") { Description = "plain (NAME=VALUE lines), json or json-pretty", DefaultValueFactory = _ => "plain" };
        format.AcceptOnlyFromAmong("plain", "json", "json-pretty");
        var get = new Command("get", "Print variables of the job's environment") { getNames, format };
        get.SetAction((parse, cancellationToken) => RunAsync(error, JobApiActions.Get, [.. parse.GetValue(getNames) ?? []], null, async env =>
        {
            var names = parse.GetValue(getNames) ?? [];
            var missing = names.Where(n => !env.ContainsKey(n)).ToList();
            var sorted = env.OrderBy(pair => pair.Key, StringComparer.Ordinal).ToList();
            switch (parse.GetValue(format))
            {
                case "json":
                    await output.WriteLineAsync(Json(sorted, indented: false));
                    break;
                case "json-pretty":
                    await output.WriteLineAsync(Json(sorted, indented: true));
                    break;
                default:
                    foreach (var (name, value) in sorted)
                    {
                        await output.WriteLineAsync($"{name}={value}");
                    }
                    break;
            }
            foreach (var name in missing)
            {
                await error.WriteLineAsync($"buildkite-agent: {name} is not set");
            }
            return missing.Count == 0 ? InJobExit.Ok : InJobExit.Failed;
        }, cancellationToken));

        var pairs = new Argument<string[]>("NAME=VALUE") { Arity = ArgumentArity.OneOrMore, Description = "Variables to set for the job's later phases" };
        var set = new Command("set", "Set variables for the job's later hooks and phases") { pairs };
        set.SetAction(async (parse, ct) =>
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(pairs) ?? [])
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    await error.WriteLineAsync($"buildkite-agent: env set: '{pair}' is not NAME=VALUE");
                    return InJobExit.Usage;
                }
                values[pair[..equals]] = pair[(equals + 1)..];
            }
            return await RunAsync(error, JobApiActions.Set, null, values, async env =>
            {
                foreach (var name in env.Keys.Order(StringComparer.Ordinal))
                {
                    await output.WriteLineAsync($"Set {name}");
                }
                return InJobExit.Ok;
            }, ct);
        });

        var unsetNames = new Argument<string[]>("NAME") { Arity = ArgumentArity.OneOrMore, Description = "Variables to remove for the job's later phases" };
        var unset = new Command("unset", "Remove variables for the job's later hooks and phases") { unsetNames };
        unset.SetAction((parse, cancellationToken) => RunAsync(error, JobApiActions.Unset, [.. parse.GetValue(unsetNames) ?? []], null, async _ =>
        {
            foreach (var name in parse.GetValue(unsetNames) ?? [])
            {
                await output.WriteLineAsync($"Unset {name}");
            }
            return InJobExit.Ok;
        }, cancellationToken));

        var dumpFormat = new Option<string>("--format") { Description = "json or json-pretty", DefaultValueFactory = _ => "json" };
        dumpFormat.AcceptOnlyFromAmong("json", "json-pretty");
        var dump = new Command("dump", "Print this process's environment as a JSON object") { dumpFormat };
        dump.SetAction(async (parse, ct) =>
        {
            var all = System.Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                .Select(e => new KeyValuePair<string, string>((string)e.Key, (string?)e.Value ?? ""))
                .OrderBy(pair => pair.Key, StringComparer.Ordinal);
            await output.WriteLineAsync(Json(all, indented: parse.GetValue(dumpFormat) == "json-pretty"));
            return InJobExit.Ok;
        });

        return new Command("env", "Read and change the job's environment (dump, get, set, unset)") { dump, get, set, unset };
    }

    private static string Json(IEnumerable<KeyValuePair<string, string>> variables, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            writer.WriteStartObject();
            foreach (var (name, value) in variables)
            {
                writer.WriteString(name, value);
            }
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<int> RunAsync(
        TextWriter error, string action, IReadOnlyList<string>? names, IReadOnlyDictionary<string, string>? values,
        Func<IReadOnlyDictionary<string, string>, Task<int>> onSuccess, CancellationToken cancellationToken)
    {
        var api = LocalJobApi.Connect(error);
        if (api is null)
        {
            return InJobExit.Usage;
        }
        JobApiResponse response;
        try
        {
            response = await api.SendAsync(action, names, values, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or IOException or JsonException)
        {
            await error.WriteLineAsync($"buildkite-agent: env {action}: cannot reach the agent's job API: {ex.Message}");
            return InJobExit.Usage;
        }
        if (response.Errors.Count > 0 || response.Env is null)
        {
            foreach (var problem in response.Errors)
            {
                await error.WriteLineAsync($"buildkite-agent: env {action}: {problem}");
            }
            return InJobExit.Failed;
        }
        return await onSuccess(response.Env);
    }
}
