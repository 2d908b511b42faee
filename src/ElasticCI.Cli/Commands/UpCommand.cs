using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci up</c>: coordinator + scaler + local provider, with the embedded default stack when no config is given.</summary>
internal static class UpCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var flags = new CoordinatorFlags();
        return flags.Create("up", "Run the whole cluster on this machine: coordinator, scaler and local instances (default stack when no --config)",
            parse => CoordinatorRunner.RunAsync(flags, parse, embeddedDefaultStack: true, output, error));
    }
}
