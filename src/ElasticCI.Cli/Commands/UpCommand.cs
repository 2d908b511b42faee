using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci up</c>: coordinator + scaler + local provider, with the embedded default stack when no config is given.</summary>
internal static class UpCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = "Stacks file (elastic-ci.yml); default: one embedded stack 'default' on queue 'default'" };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory (default $ELASTIC_CI_DATA_DIR or .elastic-ci)" };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on (default 127.0.0.1:8722; port 0 picks a free one)" };
        var command = new Command("up", "Run the whole cluster on this machine: coordinator, scaler and local instances") { config, dataDir, listen };
        command.SetAction(parse => CoordinatorRunner.RunAsync(parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(listen), embeddedDefaultStack: true, output, error));
        return command;
    }
}
