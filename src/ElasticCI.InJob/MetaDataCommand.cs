using System.CommandLine;

namespace ElasticCI.InJob;

/// <summary><c>buildkite-agent meta-data set|get|exists|keys</c>: build-scoped key/value pairs shared between jobs.</summary>
internal static class MetaDataCommand
{
    /// <summary>Buildkite's exit status for "the key does not exist".</summary>
    public const int ExitMissing = 100;

    public static Command Create(TextWriter output, TextWriter error)
    {
        var setKey = new Argument<string>("KEY");
        var setValue = new Argument<string?>("VALUE") { Arity = ArgumentArity.ZeroOrOne, Description = "Value; read from standard input when omitted" };
        var set = new Command("set", "Set a key") { setKey, setValue };
        set.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var value = parse.GetValue(setValue) ?? await Console.In.ReadToEndAsync(ct);
            await api.SetMetaDataAsync(parse.GetValue(setKey)!, value, ct);
            return InJobExit.Ok;
        }));

        var getKey = new Argument<string>("KEY");
        var fallback = new Option<string?>("--default") { Description = "Printed when the key does not exist" };
        var get = new Command("get", "Print a key's value") { getKey, fallback };
        get.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var all = await api.GetMetaDataAsync(ct);
            var key = parse.GetValue(getKey)!;
            if (all.TryGetValue(key, out var value) || parse.GetValue(fallback) is { } d && (value = d) is not null)
            {
                await output.WriteAsync(value);
                return InJobExit.Ok;
            }
            await error.WriteLineAsync($"buildkite-agent: meta-data key '{key}' does not exist");
            return InJobExit.Failed;
        }));

        var existsKey = new Argument<string>("KEY");
        var exists = new Command("exists", $"Exit 0 if the key exists, {ExitMissing} if not") { existsKey };
        exists.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            return (await api.GetMetaDataAsync(ct)).ContainsKey(parse.GetValue(existsKey)!) ? InJobExit.Ok : ExitMissing;
        }));

        var keys = new Command("keys", "List the keys");
        keys.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            foreach (var key in (await api.GetMetaDataAsync(ct)).Keys)
            {
                await output.WriteLineAsync(key);
            }
            return InJobExit.Ok;
        }));
        return new Command("meta-data", "Build meta-data") { set, get, exists, keys };
    }
}
