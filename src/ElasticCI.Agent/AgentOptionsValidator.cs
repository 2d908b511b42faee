using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ElasticCI.Agent;

/// <summary>Checks <see cref="AgentOptions"/> and reports every problem at once.</summary>
internal sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        List<string>? failures = null;
        void Fail(string message) => (failures ??= []).Add(message);

        if (string.IsNullOrWhiteSpace(options.ServerUrl))
        {
            Fail($"{nameof(options.ServerUrl)} is required.");
        }
        else if (Client.CoordinatorFailoverHandler.ParseList(options.ServerUrl, out var problem) is null)
        {
            Fail($"{nameof(options.ServerUrl)} must be an absolute http or https URL, or several separated by commas: {problem}.");
        }
        if (string.IsNullOrWhiteSpace(options.RegistrationToken))
        {
            Fail($"{nameof(options.RegistrationToken)} is required.");
        }
        if (options.Name is not null && string.IsNullOrWhiteSpace(options.Name))
        {
            Fail($"{nameof(options.Name)} must not be blank when given.");
        }
        if (options.DiskMinFreeBytes < 0 || options.DiskMinFreeInodes < 0)
        {
            Fail($"{nameof(options.DiskMinFreeBytes)} and {nameof(options.DiskMinFreeInodes)} must be 0 or more, were {options.DiskMinFreeBytes} and {options.DiskMinFreeInodes}.");
        }
        if (!Jobs.DiskSpace.DiskFullActions.All.Contains(options.DiskFullAction, StringComparer.Ordinal))
        {
            Fail($"{nameof(options.DiskFullAction)} must be one of {string.Join(", ", Jobs.DiskSpace.DiskFullActions.All)}, was '{options.DiskFullAction}'.");
        }
        if (string.IsNullOrWhiteSpace(options.Queue))
        {
            Fail($"{nameof(options.Queue)} is required.");
        }
        foreach (var tag in options.Tags)
        {
            if (string.IsNullOrWhiteSpace(tag.Key))
            {
                Fail("Tag names must not be blank.");
            }
        }
        if (options.HealthCheckHost is not null && options.HealthCheckPort is < 1 or > 65535)
        {
            Fail($"The health-check port must be 1-65535, was {options.HealthCheckPort}.");
        }
        if (options.Spawn < 1)
        {
            Fail($"{nameof(options.Spawn)} must be at least 1, was {options.Spawn}.");
        }
        if (options.DisconnectAfterIdleTimeout is { } idle && idle <= TimeSpan.Zero)
        {
            Fail($"{nameof(options.DisconnectAfterIdleTimeout)} must be positive, was {idle}.");
        }
        if (options.DisconnectAfterUptime is { } uptime && uptime <= TimeSpan.Zero)
        {
            Fail($"{nameof(options.DisconnectAfterUptime)} must be positive, was {uptime}.");
        }
        if (string.IsNullOrWhiteSpace(options.BuildPath))
        {
            Fail($"{nameof(options.BuildPath)} is required.");
        }
        if (options.CancelGracePeriod < TimeSpan.Zero)
        {
            Fail($"{nameof(options.CancelGracePeriod)} must not be negative, was {options.CancelGracePeriod}.");
        }
        if (options.ParentPid is { } parent && parent <= 0)
        {
            Fail($"{nameof(options.ParentPid)} must be a positive process id, was {parent}.");
        }
        foreach (var (label, path) in new[]
        {
            (nameof(options.HooksPath), options.HooksPath),
            (nameof(options.PluginsPath), options.PluginsPath),
            (nameof(options.GitMirrorsPath), options.GitMirrorsPath),
        })
        {
            if (path is not null && !Path.IsPathFullyQualified(path))
            {
                Fail($"{label} must be an absolute path, was '{path}'.");
            }
        }
        if (Jobs.Plugins.PluginMirror.Parse(options.PluginMirror, out var mirrorError) is null && mirrorError is not null)
        {
            Fail($"{nameof(options.PluginMirror)}: {mirrorError}.");
        }
        foreach (var (label, patterns) in new[] { (nameof(options.AllowedPlugins), options.AllowedPlugins), (nameof(options.AllowedRepositories), options.AllowedRepositories) })
        {
            foreach (var pattern in patterns)
            {
                try
                {
                    _ = new Regex(pattern, RegexOptions.CultureInvariant);
                }
                catch (ArgumentException ex)
                {
                    Fail($"{label} entry '{pattern}' is not a valid regular expression: {ex.Message}");
                }
            }
        }
        return failures is null ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
