namespace ElasticCI.Storage.Conformance;

/// <summary>
/// One store implementation, seen through the contracts Core defines; <see cref="Owner"/> closes it. The contracts
/// beyond the first five default to <see cref="Builds"/> (a store usually implements them all on one class); a backend
/// that splits them sets them with <c>init</c>.
/// </summary>
internal sealed record StoreUnderTest(
    IBuildStore Builds, IJobStore Jobs, IAgentStore Agents, IJobDataStore JobData, INotificationStore Notifications, IAsyncDisposable Owner)
{
    public IFleetStore Fleet { get; init; } = (IFleetStore)Builds;

    public ISpotStore Spot { get; init; } = (ISpotStore)Builds;

    public IRolloutStore Rollout { get; init; } = (IRolloutStore)Builds;

    public IPipelineStore Pipelines { get; init; } = (IPipelineStore)Builds;

    public IMetricsStore Metrics { get; init; } = (IMetricsStore)Builds;

    public IJobTimingsStore Timings { get; init; } = (IJobTimingsStore)Builds;

    public IRegistrationCredentialStore Credentials { get; init; } = (IRegistrationCredentialStore)Builds;

    public ISecretsAuditStore SecretsAudit { get; init; } = (ISecretsAuditStore)Builds;

    public IAgentDirectory Directory { get; init; } = (IAgentDirectory)Builds;

    public IStepStore Steps { get; init; } = (IStepStore)Builds;
}
