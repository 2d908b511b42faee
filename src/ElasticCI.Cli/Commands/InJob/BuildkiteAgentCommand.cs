using System.CommandLine;

namespace ElasticCI.Cli.Commands.InJob;

/// <summary>
/// <c>elastic-ci buildkite-agent ...</c>, on every job's PATH as <c>buildkite-agent</c>: the in-job commands existing
/// pipeline scripts call (artifact, meta-data, annotate), authenticated with the job's own token.
/// </summary>
internal static class BuildkiteAgentCommand
{
    public const string Supported = "artifact upload|download|search|shasum, meta-data set|get|exists|keys, annotate, pipeline upload, secrets env|git-credential, env dump|get|set|unset, step get|update|cancel";

    public static Command Create(TextWriter output, TextWriter error)
        => new("buildkite-agent", $"In-job commands (supported: {Supported})")
        {
            ArtifactCommand.Create(output, error),
            MetaDataCommand.Create(output, error),
            AnnotateCommand.Create(error),
            PipelineCommand.Create(output, error),
            SecretsEnvCommand.Create(output, error),
            EnvCommand.Create(output, error),
            StepCommand.Create(output, error),
        };
}
