using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci build show BUILD_ID</c>: the build, its jobs and any warnings (e.g. jobs waiting on a queue nothing serves).</summary>
internal static class BuildShowCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var buildId = new Argument<string>("BUILD_ID") { Description = "The build" };
        var client = new ClientOptions();
        var command = new Command("show", "Show a build: its state, jobs and warnings") { buildId };
        client.AddTo(command);
        command.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var build = await api.GetBuildAsync(parse.GetValue(buildId)!, cancellationToken);
            await BuildCommand.WriteAsync(build, client.Json(parse), output);
            return CliApp.ExitOk;
        }));
        return command;
    }
}
