using ElasticCI.Secrets;
using ElasticCI.Storage;

namespace ElasticCI.Coordinator.Secrets;

/// <summary>
/// The secrets prefix a job gets, decided by the coordinator: its pipeline slug, or the prefix it names in
/// <c>BUILDKITE_PLUGIN_S3_SECRETS_BUCKET_PREFIX</c> when that prefix is granted to its pipeline. A refused override is
/// written to the secrets audit log and answered with a refusal the job's environment phase fails with.
/// </summary>
internal static class JobSecretsPrefix
{
    private const string DisableVariable = "SECRETS_PLUGIN_ENABLED";

    /// <summary>Prefix null and Refusal null: the job turned secrets off (or has no usable prefix) and gets none.</summary>
    internal readonly record struct Decision(string? Prefix, string? Refusal);

    public static async Task<Decision> ResolveAsync(
        JobRecord job, IBuildStore builds, JobSecretStores stores, IPipelineGrantStore pipelineGrants, ISecretsAuditStore audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (job.Env.TryGetValue(DisableVariable, out var enabled) && enabled.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return default;
        }
        var build = await builds.GetBuildAsync(job.BuildId, cancellationToken);
        var pipeline = build?.PipelineSlug ?? "";
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal) { [SecretLayout.PipelineSlugVariable] = pipeline };
        if (job.Env.TryGetValue(SecretLayout.BucketPrefixVariable, out var overridden))
        {
            environment[SecretLayout.BucketPrefixVariable] = overridden;
        }
        string prefix;
        try
        {
            prefix = SecretLayout.ResolvePrefix(environment);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
        // Granted by the stack serving the job's queue, or by the pipeline's own stored definition.
        var stackGrants = stores.GrantsFor(job.Queue);
        var definitionGrants = pipeline.Length == 0 ? [] : await pipelineGrants.GetPipelineGrantsAsync(pipeline, cancellationToken);
        if (stackGrants.IsGranted(pipeline, prefix) || definitionGrants.Contains(prefix, StringComparer.Ordinal))
        {
            return new Decision(prefix, null);
        }
        var refusal = $"{SecretLayout.BucketPrefixVariable}={prefix} is refused: pipeline '{pipeline}' may read only its own secrets prefix '{pipeline}'"
            + Granted([.. stackGrants.GrantedTo(pipeline).Union(definitionGrants, StringComparer.Ordinal).Order(StringComparer.Ordinal)])
            + $". To share secrets, grant the prefix in the stack configuration (SecretsPrefixGrants: {pipeline}={prefix}) or in the pipeline definition"
            + $" (elastic-ci pipeline set {pipeline} --secrets-prefix-grants {prefix} ...). This refusal is in the secrets audit log (elastic-ci secrets audit).";
        await audit.AddSecretsAuditAsync(new SecretsAuditEntry(0, time.GetUtcNow(), job.Id, job.BuildId, pipeline, job.Queue, prefix, "refused", refusal), cancellationToken);
        return new Decision(null, refusal);
    }

    private static string Granted(IReadOnlyList<string> granted) => granted.Count == 0 ? "" : $" and the prefixes granted to it ({string.Join(", ", granted)})";
}
