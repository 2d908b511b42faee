using System.CommandLine;
using ElasticCI.Cli.Commands;
using ElasticCI.InJob;

namespace ElasticCI.Cli;

/// <summary>The <c>elastic-ci</c> command tree. Usage errors and refused requests exit 2 with a one-line error.</summary>
internal static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailed = 1;
    public const int ExitUsage = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("ElasticCI: a private, autoscaling CI agent cluster that runs Buildkite-format pipelines.")
        {
            UpCommand.Create(output, error),
            ServerCommand.Create(output, error),
            AgentCommand.Create(error),
            BuildCommand.Create(output, error),
            StackCommand.Create(output, error),
            ScalerCommand.Create(output, error),
            SecretsCommand.Create(output, error),
            PipelineDefinitionCommand.Create(output, error),
            TokenCommand.Create(output, error),
            BuildkiteAgentCommand.Create(output, error),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var hint = args.FirstOrDefault() == "buildkite-agent"
                ? $"supported: {BuildkiteAgentCommand.Supported}"
                : "see 'elastic-ci --help'";
            // For the in-job command, name the word that is not understood rather than the first generic error.
            var message = args.FirstOrDefault() == "buildkite-agent" && parsed.UnmatchedTokens.Count > 0
                ? $"unknown command or argument '{parsed.UnmatchedTokens[0]}'"
                : parsed.Errors[0].Message;
            await error.WriteLineAsync($"elastic-ci: {message} ({hint})");
            return ExitUsage;
        }
        // Signals are handled by the commands that run long (agent, up, server): SIGTERM and SIGINT mean different things there.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(configuration, CancellationToken.None);
    }
}
