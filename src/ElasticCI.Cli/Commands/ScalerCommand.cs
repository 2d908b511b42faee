using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using ElasticCI.Scaling;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// <c>elastic-ci scaler decide</c>: evaluates one scaler tick from a JSON description and prints the decision,
/// without touching any fleet. Bad input (unknown or ill-typed fields, unreadable file) exits 2 naming every problem.
/// </summary>
internal static class ScalerCommand
{
    public const string BuildkitePolicy = "buildkite";
    public const string ElasticPolicy = "elastic";

    // The reasons contain arrows and other non-ASCII text; keep them readable rather than \u-escaped.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var policy = new Option<string>("--policy")
        {
            Description = "Scaling policy: 'buildkite' (buildkite-agent-scaler v1.12.0's decision) or 'elastic' (default)",
            DefaultValueFactory = _ => ElasticPolicy,
        };
        policy.AcceptOnlyFromAmong(BuildkitePolicy, ElasticPolicy);
        var input = new Option<string>("--input")
        {
            Description = "JSON file with params, metrics, group, lastScaleOut, lastScaleIn and now; '-' (default) reads stdin",
            DefaultValueFactory = _ => "-",
        };
        var decide = new Command("decide", "Evaluate one scaling tick from JSON without touching any fleet; prints {\"desired\", \"action\", \"reason\"}")
        {
            policy,
            input,
        };
        decide.SetAction((parse, cancellationToken) => DecideAsync(parse.GetValue(policy)!, parse.GetValue(input)!, output, error, cancellationToken));
        return new Command("scaler", "Scaler tools") { decide };
    }

    private static async Task<int> DecideAsync(string policy, string inputPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = inputPath == "-"
                ? await Console.In.ReadToEndAsync(cancellationToken)
                : await File.ReadAllTextAsync(inputPath, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"elastic-ci: cannot read input '{inputPath}': {ex.Message}");
            return CliApp.ExitUsage;
        }

        var (parsed, errors) = ScalerDryRunInputParser.Parse(json);
        if (parsed is null)
        {
            foreach (var problem in errors)
            {
                await error.WriteLineAsync($"elastic-ci: {problem}");
            }
            return CliApp.ExitUsage;
        }
        if (policy == ElasticPolicy && parsed.Parameters.AgentsPerInstance < 1)
        {
            await error.WriteLineAsync($"elastic-ci: params.AgentsPerInstance: the elastic policy needs at least 1, was {parsed.Parameters.AgentsPerInstance}");
            return CliApp.ExitUsage;
        }

        var decision = policy == BuildkitePolicy
            ? BuildkiteScalingPolicy.Decide(parsed.Parameters, parsed.Tick)
            : ElasticDryRunPolicy.Decide(parsed.Parameters, parsed.Tick);
        await output.WriteLineAsync(Serialize(decision));
        return CliApp.ExitOk;
    }

    private static string Serialize(BuildkiteDecision decision)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteNumber("desired", decision.Desired);
            writer.WriteString("action", decision.Action.ToName());
            writer.WriteString("reason", decision.Reason);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
