using System.CommandLine;
using System.Text.Json;
using ElasticCI.Client;
using ElasticCI.Protocol;
using ElasticCI.Protocol.Builds;

namespace ElasticCI.Cli.Commands;

/// <summary>Subcommands of <c>elastic-ci build</c> that act on an existing build or job.</summary>
internal static class BuildLifecycleCommands
{
    public static void AddTo(Command build, TextWriter output, TextWriter error)
    {
        build.Add(RetryJob(output, error));
    }

    private static Command RetryJob(TextWriter output, TextWriter error)
    {
        var jobId = new Argument<string>("JOB_ID") { Description = "The finished job to retry" };
        var client = new ClientOptions();
        var command = new Command("retry-job", "Retry a finished job: a new job with the same step replaces it in its build") { jobId };
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, client, error, async api =>
        {
            var job = await api.RetryJobAsync(parse.GetValue(jobId)!, cancellationToken);
            await WriteAsync(job, client.Json(parse), output);
            return CliApp.ExitOk;
        }));
        return command;
    }

    private static Task<int> RunAsync(ParseResult parse, ClientOptions client, TextWriter error, Func<CoordinatorClient, Task<int>> action)
        => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            return api is null ? CliApp.ExitUsage : await action(api);
        });

    private static async Task WriteAsync(JobDto job, bool json, TextWriter output)
    {
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(job, ProtocolJsonContext.Default.JobDto));
            return;
        }
        await output.WriteLineAsync($"Job {job.Id} ({job.Label}): {job.State}");
    }
}
