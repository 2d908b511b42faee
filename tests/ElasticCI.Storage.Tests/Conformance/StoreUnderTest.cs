namespace ElasticCI.Storage.Conformance;

/// <summary>One store implementation, seen through the contracts Core defines; <see cref="Owner"/> closes it.</summary>
internal sealed record StoreUnderTest(
    IBuildStore Builds, IJobStore Jobs, IAgentStore Agents, IJobDataStore JobData, INotificationStore Notifications, IAsyncDisposable Owner);
