using System.CommandLine;
using ElasticCI.Client;

namespace ElasticCI.Cli.Commands;

/// <summary>The options every command that talks to a running coordinator shares.</summary>
internal sealed class ClientOptions
{
    public Option<string> Server { get; } = new("--server") { Description = "Coordinator URL (default $ELASTIC_CI_SERVER or http://127.0.0.1:8722)" };
    public Option<string> Token { get; } = new("--token") { Description = "API token (default $ELASTIC_CI_TOKEN, else <data-dir>/api-token)" };
    public Option<string> DataDir { get; } = new("--data-dir") { Description = "Data directory holding api-token (default $ELASTIC_CI_DATA_DIR or .elastic-ci)" };
    public Option<string> Output { get; } = CreateOutput();

    public void AddTo(Command command)
    {
        command.Add(Server);
        command.Add(Token);
        command.Add(DataDir);
        command.Add(Output);
    }

    public CoordinatorClient? Connect(ParseResult parse, TextWriter error)
    {
        var token = CliDefaults.ApiToken(parse.GetValue(Token), parse.GetValue(DataDir), out var problem);
        if (token is null)
        {
            error.WriteLine($"elastic-ci: {problem}");
            return null;
        }
        return CliDefaults.CreateClient(CliDefaults.ServerUrl(parse.GetValue(Server)), token);
    }

    public bool Json(ParseResult parse) => parse.GetValue(Output) == "json";

    private static Option<string> CreateOutput()
    {
        var option = new Option<string>("--output") { Description = "text or json", DefaultValueFactory = _ => "text" };
        option.AcceptOnlyFromAmong("text", "json");
        return option;
    }
}
