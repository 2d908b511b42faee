namespace ElasticCI.Agent.Jobs;

/// <summary>What a <see cref="JobRunner"/> needs to know about its agent.</summary>
/// <remarks>A class, not a record, so the registration token never shows up in a generated ToString.</remarks>
internal sealed class JobRunnerSettings
{
    public required string AgentId { get; init; }

    public required string AgentName { get; init; }

    public required string BuildPath { get; init; }

    /// <summary>Kept only to scrub it from the job environment, under whatever name it was inherited.</summary>
    public required string RegistrationToken { get; init; }

    /// <remarks>Default: 10 seconds.</remarks>
    public TimeSpan CancelGracePeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often buffered output is uploaded, and how often an empty chunk asks whether the job was canceled.</summary>
    /// <remarks>Default: 1 second.</remarks>
    public TimeSpan ChunkInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <remarks>Default: 1 MiB.</remarks>
    public int MaxChunkBytes { get; init; } = 1024 * 1024;

    /// <summary>How long to keep reading output after the job's process group is gone (a detached process may hold the pipe).</summary>
    /// <remarks>Default: 2 seconds.</remarks>
    public TimeSpan OutputDrainTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
