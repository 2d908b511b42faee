using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci server</c>: the coordinator alone; stacks only from <c>--config</c>.</summary>
internal static class ServerCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var config = new Option<string>("--config") { Description = "Stacks file (elastic-ci.yml); without it no instances are launched" };
        var dataDir = new Option<string>("--data-dir") { Description = "Data directory (default $ELASTIC_CI_DATA_DIR or .elastic-ci)" };
        var listen = new Option<string>("--listen") { Description = "HOST:PORT to listen on (default 127.0.0.1:8722)" };
        var command = new Command("server", "Run the coordinator (API, dispatcher, and the scaler for stacks in --config)") { config, dataDir, listen };
        command.SetAction(parse => CoordinatorRunner.RunAsync(parse.GetValue(config), parse.GetValue(dataDir), parse.GetValue(listen), embeddedDefaultStack: false, output, error));
        return command;
    }
}
