namespace ElasticCI.Protocol.Secrets;

/// <summary>One entry of the secrets audit log: a job's secrets request the broker refused. Never a secret value.</summary>
/// <param name="Id">Increasing entry number.</param>
/// <param name="At">When the broker decided.</param>
/// <param name="JobId">The job that asked.</param>
/// <param name="BuildId">The job's build.</param>
/// <param name="Pipeline">The job's pipeline slug.</param>
/// <param name="Queue">The job's queue.</param>
/// <param name="RequestedPrefix">The secrets prefix the job asked for (<c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c>).</param>
/// <param name="Outcome"><c>refused</c>.</param>
/// <param name="Detail">The message the job's environment phase failed with.</param>
public sealed record SecretsAuditEntryDto(
    long Id, DateTimeOffset At, string JobId, string BuildId, string Pipeline, string Queue, string RequestedPrefix, string Outcome, string Detail);
