using ElasticCI.Agent.Tests.Fakes;

namespace ElasticCI.Agent.Tests.Jobs;

/// <summary>What a test changes about a <see cref="ElasticCI.Agent.Jobs.JobRunner"/> made by <see cref="JobRunnerFixture"/>.</summary>
internal sealed class RunnerSetup
{
    public FakeAgentApi? Api { get; init; }

    public string AgentName { get; init; } = "test-agent";

    public TimeSpan? GracePeriod { get; init; }

    public string? HooksPath { get; init; }

    public string? PluginsPath { get; init; }

    public string? GitMirrorsPath { get; init; }

    public bool PluginsEnabled { get; init; } = true;

    public string[] AllowedPlugins { get; init; } = [];

    public string[] AllowedRepositories { get; init; } = [];

    public bool CommandEval { get; init; } = true;

    public bool Pty { get; init; } = true;

    public ElasticCI.Agent.Jobs.DiskSpace.DiskSpaceCheck? DiskCheck { get; init; }

    public string DiskFullAction { get; init; } = ElasticCI.Agent.Jobs.DiskSpace.DiskFullActions.FailJob;

    public ElasticCI.Agent.Jobs.DiskSpace.AgentHealth? Health { get; init; }
}
