using System.CommandLine;
using System.Text;
using System.Text.Json;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Jobs;

namespace ElasticCI.InJob;

/// <summary><c>buildkite-agent step get [ATTRIBUTE] [--step KEY] [--build ID] [--format json]</c>: a step's attributes from the coordinator.</summary>
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
        return new Command("step", "Read the build's steps (get)") { get };
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
