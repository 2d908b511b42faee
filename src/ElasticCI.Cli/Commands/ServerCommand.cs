using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci server</c>: the coordinator alone; stacks only from <c>--config</c>.</summary>
internal static class ServerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new CoordinatorFlags();
        var command = flags.Create("server", "Run the coordinator (API, dispatcher, and the scaler for stacks in --config)",
            parse => CoordinatorRunner.RunAsync(flags, parse, embeddedDefaultStack: false, output, error));
        command.Options.Add(flags.Store);
        return command;
    }
}
