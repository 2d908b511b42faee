namespace ElasticCI.Protocol.Stacks;

/// <summary>An accepted spot interruption notice.</summary>
/// <param name="InstanceId">The interrupted instance; it takes no new work from now on.</param>
/// <param name="Stack">Its stack, which launches a replacement at once.</param>
/// <param name="CancelJobsAt">When jobs still running on it are canceled, to be retried on another instance.</param>
/// <param name="Deadline">When the instance is terminated.</param>
public sealed record InstanceInterruptionDto(string InstanceId, string Stack, DateTimeOffset CancelJobsAt, DateTimeOffset Deadline);
