namespace ElasticCI.Storage;

/// <summary>One stack at one minute of the stacks page chart, kept in the store so the chart survives a restart.</summary>
internal sealed record FleetSample(DateTimeOffset At, string Stack, int Scheduled, int Running, int Desired, int RunningInstances);
