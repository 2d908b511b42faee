using System.CommandLine;

namespace ElasticCI.InJob;

/// <summary>
/// <c>elastic-ci buildkite-agent ...</c>, on every job's PATH as <c>buildkite-agent</c>: the in-job commands existing
/// pipeline scripts call (artifact, meta-data, annotate), authenticated with the job's own token.
/// </summary>
internal static class BuildkiteAgentCommand
{
    public const string Supported = "artifact upload|download|search|shasum, meta-data set|get|exists|keys, annotate, pipeline upload, secrets env|git-credential, env dump|get|set|unset, step get|update|cancel";

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("buildkite-agent", $"In-job commands (supported: {Supported})");
        foreach (var subcommand in Subcommands(output, error))
        {
            command.Subcommands.Add(subcommand);
        }
        return command;
    }

    /// <summary>The native executable's root: the same commands, plus --help and --version.</summary>
    public static RootCommand CreateRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand($"ElasticCI in-job buildkite-agent (supported: {Supported})");
        foreach (var subcommand in Subcommands(output, error))
        {
            root.Subcommands.Add(subcommand);
        }
        return root;
    }

    private static Command[] Subcommands(TextWriter output, TextWriter error) =>
    [
        ArtifactCommand.Create(output, error),
        MetaDataCommand.Create(output, error),
        AnnotateCommand.Create(error),
        PipelineCommand.Create(output, error),
        SecretsEnvCommand.Create(output, error),
        EnvCommand.Create(output, error),
        StepCommand.Create(output, error),
    ];
}
