using System.CommandLine;

namespace ElasticCI.Cli.Commands;

/// <summary><c>elastic-ci token rotate agent</c>: the running coordinator makes a new agent registration token and refuses the old one.</summary>
internal static class TokenCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var client = new ClientOptions();
        var kind = new Argument<string>("kind") { Description = "Which token: agent (the registration token in <data-dir>/agent-token)" };
        var name = new Option<string>("--name") { Description = "A named agent token of agentTokens in elastic-ci.yml (<data-dir>/agent-tokens/NAME); default the unnamed agent-token" };
        var rotate = new Command("rotate", "Replace a token; the old one stops working at once") { kind, name };
        client.AddTo(rotate);
        rotate.SetAction((parse, cancellationToken) => CliErrors.RunAsync(error, async () =>
        {
            if (parse.GetValue(kind) is not "agent")
            {
                await error.WriteLineAsync($"elastic-ci: token rotate: unknown token '{parse.GetValue(kind)}' (known: agent)");
                return CliApp.ExitUsage;
            }
            var api = client.Connect(parse, error);
            if (api is null)
            {
                return CliApp.ExitUsage;
            }
            var result = await api.RotateAgentTokenAsync(parse.GetValue(name), cancellationToken);
            await output.WriteLineAsync($"New agent registration token written to {result.File}; the old token no longer registers agents (registered agents keep running).");
            return CliApp.ExitOk;
        }));
        return new Command("token", "Token commands") { rotate };
    }
}
