using System.Net;
using ElasticCI.Compute;
using ElasticCI.Stacks;
using Microsoft.Extensions.Options;

namespace ElasticCI.Coordinator;

/// <summary>Collects every problem with <see cref="CoordinatorOptions"/> so start-up fails once, listing all of them.</summary>
/// <param name="providers">The compute providers registered with the coordinator; a stack naming another is refused, and
/// each checks the stacks that name it.</param>
internal sealed class CoordinatorOptionsValidator(ComputeProviderCatalog providers) : IValidateOptions<CoordinatorOptions>
{
    public CoordinatorOptionsValidator()
        : this(Composition.ComputeProviderCatalogs.BuiltIn)
    {
    }

    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add("DataDirectory is required.");
        }
        // A URL (postgres://...) is checked by the store's own selection, whose errors never repeat a password.
        if (!Composition.CoordinatorStores.Registrations.ContainsKey(options.Store ?? "") && options.Store?.Contains("://", StringComparison.Ordinal) != true)
        {
            failures.Add($"Store must be one of {string.Join(", ", Composition.CoordinatorStores.Registrations.Keys)} or a postgres:// URL, was '{options.Store}'.");
        }
        if (!TryParseListen(options.Listen, out _, out _))
        {
            failures.Add($"Listen must be HOST:PORT (for example 127.0.0.1:8722), was '{options.Listen}'.");
        }
        if (options.HeartbeatInterval <= TimeSpan.Zero)
        {
            failures.Add("HeartbeatInterval must be positive.");
        }
        if (options.EffectiveLostAfter <= options.HeartbeatInterval)
        {
            failures.Add($"AgentLostAfter ({options.EffectiveLostAfter}) must be longer than HeartbeatInterval ({options.HeartbeatInterval}).");
        }
        if (options.JobPollTimeout <= TimeSpan.Zero || options.JobPollTimeout > TimeSpan.FromMinutes(5))
        {
            failures.Add("JobPollTimeout must be between 0 and 5 minutes.");
        }
        if (options.ScalerInterval <= TimeSpan.Zero)
        {
            failures.Add("ScalerInterval must be positive.");
        }
        StackConfigParser.Validate(options.Stacks, "stacks", failures, providers);
        ExtraOptionsRules.Check(options, failures);
        Artifacts.ArtifactStoreRules.Check(options.Artifacts, failures);
        Settings.AgentTokenFileSettings.Check(options.AgentTokens, failures);
        foreach (var stack in options.Stacks)
        {
            if (providers.Find(stack.Provider)?.CheckStack?.Invoke(stack) is { } problem)
            {
                failures.Add(problem);
            }
        }
        if (options.Stacks.Count > 0 && options.AgentCommand.Count == 0)
        {
            failures.Add("AgentCommand is required when stacks use the local provider.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public static bool TryParseListen(string listen, out string host, out int port)
    {
        host = "";
        port = 0;
        var colon = listen.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(listen.AsSpan(colon + 1), out port) || port is < 0 or > 65535)
        {
            return false;
        }
        host = listen[..colon].Trim('[', ']');
        return host == "localhost" || IPAddress.TryParse(host, out _) || Uri.CheckHostName(host) == UriHostNameType.Dns;
    }
}
