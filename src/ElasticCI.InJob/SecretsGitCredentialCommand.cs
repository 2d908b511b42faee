using System.CommandLine;
using ElasticCI.Secrets;

namespace ElasticCI.InJob;

/// <summary>
/// <c>buildkite-agent secrets git-credential KEY get</c>: the git credential helper the agent configures (through
/// <c>GIT_CONFIG_PARAMETERS</c>) for each git-credentials secret. It fetches the file from the broker with the job's
/// token at the moment git asks, answers the entry matching git's protocol and host, and stores nothing.
/// </summary>
internal static class SecretsGitCredentialCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var key = new Argument<string>("KEY") { Description = "The git-credentials secret (e.g. 'my-pipeline/git-credentials')" };
        var action = new Argument<string?>("ACTION") { Arity = ArgumentArity.ZeroOrOne, Description = "git's action: get (store and erase do nothing)" };
        var command = new Command("git-credential", "git credential helper answering from a git-credentials secret") { key, action };
        command.SetAction((parse, ct) => InJobErrors.RunAsync(error, async () =>
        {
            if (parse.GetValue(action) is { } verb && verb != "get")
            {
                return InJobExit.Ok;
            }
            var request = await ReadRequestAsync(Console.In, ct);
            var api = JobContext.Connect(error);
            if (api is null)
            {
                return InJobExit.Usage;
            }
            var name = parse.GetValue(key)!;
            IReadOnlyList<GitCredential> entries;
            try
            {
                entries = GitCredential.ParseFile(System.Text.Encoding.UTF8.GetString(await api.GetSecretAsync(name, ct)));
            }
            catch (FormatException ex)
            {
                await error.WriteLineAsync($"buildkite-agent: secrets: {name}: {ex.Message}");
                return InJobExit.Failed;
            }
            request.TryGetValue("protocol", out var protocol);
            request.TryGetValue("host", out var host);
            var match = entries.FirstOrDefault(e => (protocol is null || e.Protocol == protocol) && (host is null || e.Host == host));
            if (match is not null)
            {
                await output.WriteAsync($"protocol={match.Protocol}\nhost={match.Host}\nusername={match.Username}\npassword={match.Password}\n");
            }
            return InJobExit.Ok;
        }));
        return command;
    }

    /// <summary>git's request: <c>name=value</c> lines up to a blank line or the end.</summary>
    private static async Task<Dictionary<string, string>> ReadRequestAsync(TextReader input, CancellationToken cancellationToken)
    {
        var request = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await input.ReadLineAsync(cancellationToken) is { Length: > 0 } line)
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                request[line[..equals]] = line[(equals + 1)..];
            }
        }
        return request;
    }
}
