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
        build.Add(OnBuild("cancel", "Cancel a build: jobs not started are canceled, running jobs are stopped", (api, id, ct) => api.CancelBuildAsync(id, ct), output, error));
        build.Add(OnBuild("rebuild", "Create a new build of the same pipeline, YAML, branch, commit and environment", (api, id, ct) => api.RebuildAsync(id, ct), output, error));
        build.Add(RetryJob(output, error));
        build.Add(Unblock(output, error));
        build.Add(BuildShowCommand.Create(output, error));
    }

    private static Command OnBuild(
        string name, string description, Func<CoordinatorClient, string, CancellationToken, Task<BuildDto>> act, TextWriter output, TextWriter error)
    {
        var buildId = new Argument<string>("BUILD_ID") { Description = "The build" };
        var client = new ClientOptions();
        var command = new Command(name, description) { buildId };
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, client, error, async api =>
        {
            var build = await act(api, parse.GetValue(buildId)!, cancellationToken);
            await output.WriteLineAsync(client.Json(parse)
                ? JsonSerializer.Serialize(build, ProtocolJsonContext.Default.BuildDto)
                : $"Build #{build.Number} of {build.Pipeline} ({build.Id}): {build.State}");
            return CliApp.ExitOk;
        }));
        return command;
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

    private static Command Unblock(TextWriter output, TextWriter error)
    {
        var jobId = new Argument<string>("JOB_ID") { Description = "The blocked block/input job" };
        var field = new Option<string[]>("--field") { Description = "Field value KEY=VALUE (repeatable)", AllowMultipleArgumentsPerToken = false };
        var client = new ClientOptions();
        var command = new Command("unblock", "Unblock a block/input job; field values become build meta-data") { jobId, field };
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => RunAsync(parse, client, error, async api =>
        {
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var pair in parse.GetValue(field) ?? [])
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    await error.WriteLineAsync($"elastic-ci: --field '{pair}' is not KEY=VALUE");
                    return CliApp.ExitUsage;
                }
                fields[pair[..eq]] = pair[(eq + 1)..];
            }
            var job = await api.UnblockJobAsync(parse.GetValue(jobId)!, fields, cancellationToken);
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
