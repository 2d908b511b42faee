using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using ElasticCI.Protocol;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci secrets audit [--pipeline SLUG] [--limit N] [--output json]</c>: refused secrets requests, oldest first.</summary>
internal static class SecretsAuditCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var pipeline = new Option<string?>("--pipeline") { Description = "Only entries of jobs of this pipeline" };
        var limit = new Option<int?>("--limit") { Description = "How many of the newest entries (1-1000, default 100)" };
        var audit = new Command("audit", "The secrets audit log: secrets prefixes jobs asked for and were refused") { pipeline, limit };
        client.AddTo(audit);
        audit.SetAction((parse, ct) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var log = await api.ListSecretsAuditAsync(parse.GetValue(pipeline), parse.GetValue(limit), ct);
            if (client.Json(parse))
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(log, ProtocolJsonContext.Default.SecretsAuditDto));
                return CliApp.ExitOk;
            }
            foreach (var entry in log.Entries)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{entry.At.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z  {entry.Outcome}  pipeline={entry.Pipeline} job={entry.JobId} queue={entry.Queue} prefix={entry.RequestedPrefix}"));
            }
            return CliApp.ExitOk;
        }));
        return audit;
    }
}
