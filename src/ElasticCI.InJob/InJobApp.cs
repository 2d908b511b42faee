using System.CommandLine;

namespace ElasticCI.InJob;

/// <summary>
/// Runs one in-job command line (the words after <c>buildkite-agent</c>): what the native executable does, and what
/// <c>elastic-ci buildkite-agent</c> does through the CLI's own tree. Usage errors exit 2 with one line.
/// </summary>
internal static class InJobApp
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var root = BuildkiteAgentCommand.CreateRoot(output, error);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            var message = parsed.UnmatchedTokens.Count > 0
                ? $"unknown command or argument '{parsed.UnmatchedTokens[0]}'"
                : parsed.Errors[0].Message;
            await error.WriteLineAsync($"buildkite-agent: {message} (supported: {BuildkiteAgentCommand.Supported})");
            return InJobExit.Usage;
        }
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        return await parsed.InvokeAsync(configuration, cancellationToken);
    }
}
