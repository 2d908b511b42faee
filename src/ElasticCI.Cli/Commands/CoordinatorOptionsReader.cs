using System.Collections;
using System.CommandLine;
using ElasticCI.Coordinator;
using ElasticCI.Coordinator.Settings;
using ElasticCI.Stacks;

namespace ElasticCI.Cli.Commands;

/// <summary>
/// The coordinator's options for <c>up</c>/<c>server</c>: the stacks from <c>--config</c> (or the embedded default), and
/// every setting from flag > <c>ELASTIC_CI_*</c> variable > the file's <c>coordinator:</c> section > default.
/// </summary>
internal static class CoordinatorOptionsReader
{
    /// <summary>The options, or null with every problem (one line each, naming the file line, variable or flag).</summary>
    public static async Task<(CoordinatorOptions? Options, IReadOnlyList<string> Problems)> ReadAsync(
        CoordinatorFlags flags, ParseResult parse, bool embeddedDefaultStack, IDictionary environment)
    {
        var configFile = parse.GetValue(flags.Config);
        // The providers every coordinator registers: the stacks' provider settings are read and defaulted by them.
        var providers = Coordinator.Composition.ComputeProviderCatalogs.BuiltIn;
        IReadOnlyList<StackDefinition> stacks = embeddedDefaultStack ? [providers.Complete(StackDefinition.EmbeddedDefault)] : [];
        int? maxInstances = null;
        var artifacts = ArtifactSettings.None;
        IReadOnlyDictionary<string, string> fileSettings = new Dictionary<string, string>();
        var problems = new List<string>();
        IReadOnlyList<Coordinator.Security.AgentTokenScope> agentTokens = [];
        if (configFile is not null)
        {
            if (!File.Exists(configFile))
            {
                return (null, [$"config file {configFile} does not exist"]);
            }
            var yaml = await File.ReadAllTextAsync(configFile);
            var (parsed, errors) = StackConfigFileParser.Parse(yaml, configFile, providers);
            var (settings, settingErrors) = CoordinatorFileSettings.Read(yaml, configFile);
            problems.AddRange(errors);
            problems.AddRange(settingErrors);
            (agentTokens, var tokenErrors) = AgentTokenFileSettings.Read(yaml, configFile);
            problems.AddRange(tokenErrors);
            (stacks, maxInstances, fileSettings, artifacts) = (parsed.Stacks, parsed.MaxInstances, settings, parsed.Artifacts);
            if (parsed.Store is { } store && !fileSettings.ContainsKey("Store"))
            {
                // The top-level `store:` key is the same setting as `coordinator: {Store: ...}`.
                fileSettings = new Dictionary<string, string>(fileSettings, StringComparer.OrdinalIgnoreCase) { ["Store"] = store };
            }
        }
        var options = new CoordinatorOptions
        {
            DataDirectory = CliDefaults.DefaultDataDirectory,
            Stacks = stacks,
            AgentTokens = agentTokens,
            AgentCommand = CliDefaults.SelfCommand(),
            MaxInstances = maxInstances,
            ConfigFile = configFile is null ? null : Path.GetFullPath(configFile),
            // The artifact store's keys are top-level in the file; a flag wins over the file's key.
            Artifacts = new Coordinator.Artifacts.ArtifactStoreOptions
            {
                Url = parse.GetValue(flags.Artifacts) ?? artifacts.Url,
                Endpoint = parse.GetValue(flags.ArtifactsEndpoint) ?? artifacts.Endpoint,
                Region = parse.GetValue(flags.ArtifactsRegion) ?? artifacts.Region,
                PathStyle = parse.GetValue(flags.ArtifactsPathStyle) ?? artifacts.PathStyle ?? false,
                AccessKeyId = artifacts.AccessKeyId,
                SecretAccessKey = artifacts.SecretAccessKey,
            },
        };
        var configuration = CoordinatorConfiguration.Build(fileSettings, environment, flags.Given(parse));
        problems.AddRange(CoordinatorConfiguration.Bind(configuration, configFile ?? "", options));
        return problems.Count == 0 ? (options, problems) : (null, problems);
    }
}
