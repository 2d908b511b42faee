using System.CommandLine;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;

namespace ElasticCI.InJob;

/// <summary>
/// <c>buildkite-agent step get [ATTRIBUTE] [--step KEY] [--build ID] [--format json]</c>: a step's attributes from the
/// coordinator; <c>step update label VALUE [--step KEY]</c> (VALUE <c>-</c>: read from stdin) and
/// <c>step cancel --step KEY</c> change a step of the job's own build.
/// </summary>
internal static class StepCommand
{
    public static readonly string[] Attributes = ["id", "key", "label", "command", "state", "outcome", "env", "agents", "jobs"];

    public static Command Create(TextWriter output, TextWriter error)
    {
        var attribute = new Argument<string?>("ATTRIBUTE") { Arity = ArgumentArity.ZeroOrOne, Description = $"One of {string.Join(", ", Attributes)} (default: the whole step as JSON)" };
        var step = new Option<string?>("--step") { Description = "Step key or job id (default: this job's step)" };
        var build = new Option<string?>("--build") { Description = "Build id (default: this job's build; other builds of the same pipeline are allowed)" };
        var format = new Option<string?>("--format") { Description = "json: print the attribute as JSON" };
        format.AcceptOnlyFromAmong("json");
        var get = new Command("get", "Print a step's attributes") { attribute, step, build, format };
        get.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var name = parse.GetValue(attribute);
            if (name is not null && !Attributes.Contains(name))
            {
                await error.WriteLineAsync($"buildkite-agent: step get: unknown attribute '{name}' (supported: {string.Join(", ", Attributes)})");
                return InJobExit.Failed;
            }
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var dto = await api.GetStepAsync(parse.GetValue(step), parse.GetValue(build), ct);
            var json = parse.GetValue(format) == "json";
            await output.WriteLineAsync(name is null ? JsonSerializer.Serialize(dto, ProtocolJsonContext.Default.StepDto) : Value(dto, name, json));
            return InJobExit.Ok;
        }));
        var updateAttribute = new Argument<string>("ATTRIBUTE") { Description = "The attribute to change: label" };
        var updateValue = new Argument<string>("VALUE") { Description = "The new value (- reads it from standard input)" };
        var updateStep = new Option<string?>("--step") { Description = "Step key (default: this job's step)" };
        var update = new Command("update", "Change an attribute of a step of this build") { updateAttribute, updateValue, updateStep };
        update.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var value = parse.GetValue(updateValue)!;
            if (value == "-")
            {
                value = (await Console.In.ReadToEndAsync(ct)).TrimEnd('\n');
            }
            var changed = await api.UpdateStepAsync(parse.GetValue(updateStep), parse.GetValue(updateAttribute)!, value, ct);
            await output.WriteLineAsync($"Updated {parse.GetValue(updateAttribute)} of step {changed.Step} ({changed.Jobs} job(s))");
            return InJobExit.Ok;
        }));

        var cancelStep = new Option<string>("--step") { Description = "Step key to cancel", Required = true };
        var cancel = new Command("cancel", "Cancel the unfinished jobs of a step of this build") { cancelStep };
        cancel.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var canceled = await api.CancelStepAsync(parse.GetValue(cancelStep)!, ct);
            await output.WriteLineAsync($"Canceled step {canceled.Step} ({canceled.Jobs} job(s))");
            return InJobExit.Ok;
        }));
        return new Command("step", "Read and change the build's steps (get, update, cancel)") { get, update, cancel };
    }

    private static string Value(StepDto step, string name, bool json) => name switch
    {
        "env" => Map(step.Env),
        "agents" => Map(step.Agents),
        "jobs" => step.Jobs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => Text(name switch
        {
            "id" => step.Id,
            "key" => step.Key,
            "label" => step.Label,
            "command" => step.Command,
            "state" => step.State,
            _ => step.Outcome,
        }, json),
    };

    private static string Text(string? value, bool json)
    {
        if (!json)
        {
            return value ?? "";
        }
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            if (value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                writer.WriteStringValue(value);
            }
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static string Map(IReadOnlyDictionary<string, string> values)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in values.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
